@act:enacted
Feature: Worked examples from the research notes (legislation.md §7)
  Each scenario is a worked example: a situation and the outcome the law intends,
  numbered as in the notes.

  Rule: The duty to notify

    Scenario: 1. A teacher is told by a 12-year-old pupil that an adult abused her
      Given Alice is a teacher
      And Alice works in England
      And the age of Alice is 35
      And Bella tells Alice about a child sex offence
      And the age of Bella is 12
      Then Alice is under the duty to notify suspected child sex offences regarding Bella
      When Alice notifies the police about Bella
      Then Alice has complied with the duty to notify suspected child sex offences

    Scenario: 2. An adult tells a youth worker that he abused a child
      Given Yusuf is a youth worker
      And Yusuf works in England
      And the age of Yusuf is 30
      And Adam tells Yusuf that they committed a child sex offence against Chloe
      Then Yusuf is under duty_to_notify regarding Chloe

    Scenario: 3. A nurse on a children's ward witnesses abuse of a patient
      Given Nia is an NHS nurse
      And Nia works in England
      And the age of Nia is 41
      And Nia witnesses a child sex offence against Pat
      Then Nia is under duty_to_notify

    Scenario: 4. A social worker sees a recording of a child being abused
      Given Sam is a social care worker
      And Sam works in England
      And the age of Sam is 29
      And Sam sees images or recordings of a child sex offence against Kit
      Then Sam is under duty_to_notify

    Scenario Outline: 7. Notifying would endanger the child: a delay of up to 7 days (day <day>)
      Given the following facts:
        | fact                                                                          |
        | Alice is a teacher                                                            |
        | Alice works in England                                                        |
        | the age of Alice is 35                                                        |
        | Bella tells Alice about a child sex offence                                   |
        | Alice reasonably believes that notifying immediately would put Bella at risk |
        | the days since Alice was given reason to suspect an offence against Bella is <day> |
      Then Alice <status> duty_to_notify

      Examples:
        | day | status          |
        | 1   | is excused from |
        | 7   | is excused from |
        | 9   | has breached    |

    Scenario: 9. Two kissing teenagers the teacher knows well: no report required
      Given Alice is a teacher
      And Alice works in England
      And the age of Alice is 35
      And Bella tells Alice about a child sex offence
      And the suspected offence against Bella is sexual activity with Tom
      And the age of Bella is 15
      And the age of Tom is 16
      And Alice reasonably believes the activity between Bella and Tom was consensual
      Then Alice is excused from duty_to_notify by consensual_activity_between_children
      And Alice faces no consequence

    Scenario: 11a. A 14-year-old girl and a 17-year-old boy, she says she consented: the exception applies
      Given Alice is a teacher
      And Alice works in England
      And the age of Alice is 35
      And Bella tells Alice about a child sex offence
      And the suspected offence against Bella is sexual activity with Tom
      And the age of Bella is 14
      And the age of Tom is 17
      And Alice reasonably believes the activity between Bella and Tom was consensual
      Then Alice is excused from duty_to_notify

    Scenario: 11b. The same pair, but the teacher judges the gap in age or maturity significant: she must notify
      Given Alice is a teacher
      And Alice works in England
      And the age of Alice is 35
      And Bella tells Alice about a child sex offence
      And the suspected offence against Bella is sexual activity with Tom
      And the age of Bella is 14
      And the age of Tom is 17
      And Alice reasonably believes the activity between Bella and Tom was consensual
      And Alice judges there is a significant difference in age or maturity between Bella and Tom
      Then Alice has breached duty_to_notify

    Scenario: 12. Either child under 13: the exception does not apply
      Given Alice is a teacher
      And Alice works in England
      And the age of Alice is 35
      And Bella tells Alice about a child sex offence
      And the suspected offence against Bella is sexual activity with Tom
      And the age of Bella is 12
      And the age of Tom is 13
      And Alice reasonably believes the activity between Bella and Tom was consensual
      Then Alice is under duty_to_notify
      And Alice is not excused from duty_to_notify

    Scenario: 15. A 17-year-old volunteer helper is told of abuse: no statutory duty
      Given Vic volunteers with children
      And Vic works in England
      And the age of Vic is 17
      And Bella tells Vic about a child sex offence
      Then Vic is not under duty_to_notify

    Scenario: 16. A teacher in Wales is told of abuse: no duty under this Act
      Given Wendy is a teacher
      And Wendy works in Wales
      And the age of Wendy is 40
      And Bella tells Wendy about a child sex offence
      Then Wendy is not under duty_to_notify

    Scenario: 20. A mandated person fails to notify: no crime, but a barring referral
      Given Alice is a teacher
      And Alice works in England
      And the age of Alice is 35
      And Bella tells Alice about a child sex offence
      Then Alice has breached duty_to_notify
      And Alice faces barring_referral
      And Alice commits no offence

  Rule: Preventing or deterring a notification

    Background:
      Given Alice is a teacher
      And Alice works in England
      And the age of Alice is 35
      And Bella tells Alice about a child sex offence

    Scenario: 21. A head teacher threatens a teacher's job if she reports
      Given Harry is a teacher
      And Harry tries to deter Alice from reporting abuse of Bella
      Then Harry commits preventing_or_deterring
      And the maximum penalty for preventing_or_deterring on indictment is imprisonment up to 7 years

    Scenario Outline: 22. A <deterrer> outside relevant activity tries to dissuade the teacher
      Given <deterrer> tries to deter Alice from reporting abuse of Bella
      Then <deterrer> commits preventing_or_deterring
      And <deterrer> is not under duty_to_notify

      Examples:
        | deterrer     |
        | Parent       |
        | Church elder |

  Rule: Grooming as an aggravating factor

    Scenario: 25. An adult grooms a 14-year-old, then commits a specified child sex offence
      Given D sexually assaults Eve
      And D groomed Eve
      And the age of Eve is 14
      And the age of D is 30
      Then specified_child_sex_offence committed by D is aggravated by grooming_aggravating_factor

    Scenario: 26. A gang member assaults a girl groomed by another gang member
      Given B sexually assaults Carol
      And A groomed Carol
      And the age of Carol is 14
      And the age of B is 25
      And A is a gang member
      And B is a gang member
      Then specified_child_sex_offence committed by B is aggravated by grooming_aggravating_factor
      And A commits no offence
