@act:enacted
Feature: The duty to notify suspected child sex offences (s.85)
  A person aged 18 or over who, while engaged in relevant activity in England, is
  given reason to suspect that a child sex offence may have been committed must
  notify the police or the local authority as soon as reasonably practicable.

  Background:
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And the age of Bella is 12

  Rule: Being given reason to suspect: a disclosure, a confession, witnessing, images

    Scenario: A child tells the teacher
      Given Bella tells Alice about a child sex offence
      Then Alice is under the duty to notify suspected child sex offences
      And Alice has breached the duty to notify suspected child sex offences regarding Bella

    Scenario: A perpetrator confesses to the teacher
      Given Adam tells Alice that they committed a child sex offence against Bella
      Then Alice is under duty_to_notify regarding Bella

    Scenario: The teacher witnesses an offence
      Given Alice witnesses a child sex offence against Bella
      Then Alice is under duty_to_notify

    Scenario: The teacher sees images or recordings
      Given Alice sees images or recordings of a child sex offence against Bella
      Then Alice is under duty_to_notify

    Scenario: Nothing gives the teacher reason to suspect
      Then Alice is not under duty_to_notify
      And Alice is under no duty

  Rule: Only adults in relevant activity in England are under the duty

    Scenario Outline: A teacher aged <age> <is> the duty
      Given Tia is a teacher
      And Tia works in England
      And the age of Tia is <age>
      And Bella tells Tia about a child sex offence
      Then Tia <is> duty_to_notify

      Examples:
        | age | is           |
        | 17  | is not under |
        | 18  | is under     |
        | 64  | is under     |

    Scenario: A shop assistant is not in relevant activity
      Given Sid is a shop assistant
      And Sid works in England
      And the age of Sid is 40
      And Bella tells Sid about a child sex offence
      Then Sid is not under duty_to_notify

    Scenario: A teacher working only in Wales is not under the duty
      Given Wendy is a teacher
      And Wendy works in Wales
      And the age of Wendy is 40
      And Bella tells Wendy about a child sex offence
      Then Wendy is not under duty_to_notify

  Rule: Notify the police or the local authority — the police alone where no child lives in England and Wales

    Background:
      Given Bella tells Alice about a child sex offence

    Scenario: Notifying the police complies
      When Alice notifies the police about Bella
      Then Alice has complied with the duty to notify suspected child sex offences

    Scenario: Notifying the local authority complies
      When Alice notifies the local authority about Bella
      Then Alice has complied with duty_to_notify
      And Alice has not breached duty_to_notify

    Scenario: Where no child concerned lives in England and Wales, notifying the local authority is not enough
      Given Alice believes that no child concerned with the suspected offence against Bella lives in England and Wales
      When Alice notifies the local authority about Bella
      Then Alice has breached duty_to_notify

    Scenario: Where no child concerned lives in England and Wales, notifying the police complies
      Given Alice believes that no child concerned with the suspected offence against Bella lives in England and Wales
      When Alice notifies the police about Bella
      Then Alice has complied with duty_to_notify

  Rule: The notification must say who is involved and why (s.85(2)(b))

    Background:
      Given Bella tells Alice about a child sex offence
      And Alice notifies the police about Bella

    Scenario: A notification that identifies those involved and explains why complies
      Given the notification by Alice about Bella identifies those involved and explains why it is made
      Then Alice has complied with the duty to say who is involved and why
      And Alice faces no consequence

    Scenario: A bare notification breaches the content duty
      Then Alice has complied with duty_to_notify
      But Alice has breached the duty to say who is involved and why
      And Alice faces no consequence

    Scenario: Someone not under the duty to notify is not under the content duty either
      Given Tia is a teacher
      And Tia works in England
      And the age of Tia is 17
      And Bella tells Tia about a child sex offence
      And Tia notifies the police about Bella
      Then Tia is not under notification_content

  Rule: A notification may be delayed for up to seven days where notifying would put the child at risk (s.85(5))

    Background:
      Given Bella tells Alice about a child sex offence
      And Alice reasonably believes that notifying immediately would put Bella at risk

    Scenario Outline: Delay of <days> days
      Given the days since Alice was given reason to suspect an offence against Bella is <days>
      Then Alice <excused> duty_to_notify
      And Alice <may> the lawful delay of up to seven days

      Examples: Within seven days
        | days | excused            | may            |
        | 0    | is excused from    | may rely on    |
        | 3    | is excused from    | may rely on    |
        | 7    | is excused from    | may rely on    |

      Examples: After seven days
        | days | excused            | may            |
        | 8    | has breached       | cannot rely on |
        | 10   | has breached       | cannot rely on |

    Scenario: The delay is named as what excuses
      Given the days since Alice was given reason to suspect an offence against Bella is 2
      Then Alice is excused from duty_to_notify by the lawful delay of up to seven days
      And Alice is not under duty_to_notify
      And Alice faces no consequence

    Scenario: Without a belief that notifying would put the child at risk there is no delay
      Given Cleo is a teacher
      And Cleo works in England
      And the age of Cleo is 50
      And Bella tells Cleo about a child sex offence
      And the days since Cleo was given reason to suspect an offence against Bella is 2
      Then Cleo has breached duty_to_notify
      And Cleo cannot rely on delay_where_child_at_risk

  Rule: The longest lawful delay is seven days, so a notification taking longer is late

    Scenario Outline: A notification that took <days> days
      Given Bella tells Alice about a child sex offence
      When Alice notifies the police about Bella
      And the days Alice took to notify about Bella is <days>
      Then Alice <outcome> duty_to_notify

      Examples:
        | days | outcome           |
        | 1    | has complied with |
        | 7    | has complied with |
        | 8    | has breached      |

    Scenario: A notification after a lawful delay that ran past seven days is late
      Given Bella tells Alice about a child sex offence
      And Alice reasonably believes that notifying immediately would put Bella at risk
      And the days since Alice was given reason to suspect an offence against Bella is 9
      When Alice notifies the police about Bella
      And the days Alice took to notify about Bella is 9
      Then Alice has breached duty_to_notify
      And Alice cannot rely on the lawful delay of up to seven days
      And Alice faces barring_referral

  Rule: A notification does not breach an obligation of confidence (s.85(7))

    Scenario: A notifier may disclose despite a duty of confidence
      Given Bella tells Alice about a child sex offence
      And Alice owes an obligation of confidence about Bella
      When Alice notifies the local authority about Bella
      Then Alice may rely on protection of notifications from obligations of confidence

    Scenario: A notifier who owes no confidence needs no protection from it
      Given Bella tells Alice about a child sex offence
      When Alice notifies the local authority about Bella
      Then Alice cannot rely on disclosure_despite_confidence

    Scenario: Without a notification there is nothing to protect
      Given Bella tells Alice about a child sex offence
      Then Alice cannot rely on disclosure_despite_confidence

  Rule: Once guidance is issued, people in relevant activity must have regard to it

    Scenario: Before any guidance there is nothing to have regard to
      Then Alice is not under the duty to have regard to statutory guidance

    Scenario: A teacher who disregards issued guidance breaches the duty
      Given the Secretary of State has issued guidance on the duty to notify
      Then Alice has breached the duty to have regard to statutory guidance
      And Alice faces no consequence

    Scenario: A teacher who has regard to it complies
      Given the Secretary of State has issued guidance on the duty to notify
      And Alice has regard to the statutory guidance on the duty
      Then Alice has complied with regard_to_guidance

    Scenario: A shop assistant is not bound by the guidance
      Given the Secretary of State has issued guidance on the duty to notify
      And Sam is a shop assistant
      And Sam works in England
      Then Sam is not under regard_to_guidance

    Scenario: A teacher working only in Wales is not bound by it either
      Given the Secretary of State has issued guidance on the duty to notify
      And Wyn is a teacher
      And Wyn works in Wales
      Then Wyn is not under regard_to_guidance
