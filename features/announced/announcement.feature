@act:announced
Feature: The reforms as announced (January 2025)
  The Home Secretary's statement, encoded as it was made: those working with children
  must report abuse to the police; failing to report is an offence; professionals who
  prevent reporting or cover abuse up face up to seven years; gang members who did
  not themselves groom the victim face longer sentences.

  Background:
    Given the following facts:
      | fact                                        |
      | Alice is a teacher                          |
      | Bella tells Alice about a child sex offence |

  Rule: Those working with children must report abuse to the police (claim 1)

    Scenario: Reporting to the police complies
      When Alice notifies the police about Bella
      Then Alice has complied with the duty to report child sexual abuse to the police
      And Alice commits no offence

    Scenario: Reporting to the local authority alone does not
      When Alice notifies the local authority about Bella
      Then Alice has breached duty_to_report

    Scenario Outline: Knowing of abuse because <how>
      Given Nia is an NHS nurse
      And <how>
      Then Nia is under duty_to_report

      Examples:
        | how                                                               |
        | Adam tells Nia that they committed a child sex offence against Pat |
        | Nia witnesses a child sex offence against Pat                      |
        | Nia sees images or recordings of a child sex offence against Pat   |

    Scenario: Someone who does not work with children is not under the duty
      Given Sid is a shop assistant
      And Bella tells Sid about a child sex offence
      Then Sid is not under duty_to_report

  Rule: Failing to report is an offence (claim 2)

    Scenario: A teacher who does not report commits the offence
      Then Alice commits the offence of failing to report child sexual abuse
      And the maximum penalty for failing_to_report is not stated

    Scenario: A teacher who reports does not
      When Alice notifies the police about Bella
      Then Alice does not commit failing_to_report

  Rule: Professionals who prevent reporting or cover up face up to seven years (claim 3)

    Scenario: A professional who prevents a report
      Given Harry is a teacher
      And Harry intentionally prevents Alice from reporting abuse of Bella
      Then Harry commits the offence of preventing reporting or covering up child sexual abuse
      And the maximum penalty for the offence Harry commits is imprisonment up to 7 years

    Scenario: A professional who tries to deter a report
      Given Harry is a social care worker
      And Harry tries to deter Alice from reporting abuse of Bella
      Then Harry commits preventing_or_covering_up

    Scenario: Covering up alone is the offence
      Given Ken is a youth worker
      And Ken covers up abuse of Bella
      Then Ken commits preventing_or_covering_up

    Scenario: Someone who is not a professional does not commit it
      Given Pam intentionally prevents Alice from reporting abuse of Bella
      And Pam covers up abuse of Bella
      Then Pam does not commit preventing_or_covering_up
      And Pam commits no offence

    Scenario: No mode of trial is announced
      Then the maximum penalty for preventing_or_covering_up is seven years in prison

  Rule: Grooming by the offender or another gang member means a longer sentence (claim 4)

    Scenario: A gang member assaults a girl groomed by another gang member
      Given B sexually assaults Carol
      And A groomed Carol
      And A is a gang member
      And B is a gang member
      Then sexual assault of a child committed by B is aggravated by grooming by the offender or another gang member

    Scenario: A gang member who groomed the victim himself
      Given B sexually assaults Carol
      And B groomed Carol
      And B is a gang member
      Then child_sexual_abuse_offence committed by B is aggravated by grooming_by_gang_members

    Scenario: A groomer outside the gang
      Given B sexually assaults Carol
      And A groomed Carol
      And B is a gang member
      Then B commits child_sexual_abuse_offence
      But an offence committed by B is not aggravated

    Scenario: An offender outside the gang
      Given B sexually assaults Carol
      And A groomed Carol
      And A is a gang member
      Then child_sexual_abuse_offence committed by B is not aggravated by grooming_by_gang_members

    Scenario: The penalty is the existing one
      Then the maximum penalty for child_sexual_abuse_offence is the maximum for the offence under the Sexual Offences Act 2003
