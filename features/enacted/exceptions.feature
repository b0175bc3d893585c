Feature: Exceptions to the duty to notify (s.86)
  The duty does not apply to consensual sexual activity between children aged 13 or
  over where there is no suspicion of coercion or abuse and no significant difference
  in age or maturity, nor to specified services where confidentiality is necessary.

  Background:
    Given the Act "enacted"
    And the following facts:
      | fact                                        |
      | Alice is a teacher                          |
      | Alice works in England                      |
      | the age of Alice is 35                      |
      | Bella tells Alice about a child sex offence |

  Rule: Consensual activity between children aged 13 or over (s.86(1))

    Background:
      Given the suspected offence against Bella is sexual activity with Tom

    Scenario Outline: Bella is <bella> and Tom is <tom>; Alice believes it was consensual
      Given the age of Bella is <bella>
      And the age of Tom is <tom>
      And Alice reasonably believes the activity between Bella and Tom was consensual
      Then Alice <outcome> duty_to_notify

      Examples: Both 13 or over and under 18: the exception applies
        | bella | tom | outcome         |
        | 13    | 13  | is excused from |
        | 15    | 16  | is excused from |
        | 17    | 17  | is excused from |

      Examples: Either child under 13: it does not
        | bella | tom | outcome      |
        | 12    | 13  | has breached |
        | 14    | 12  | has breached |

      Examples: The other is an adult: it does not
        | bella | tom | outcome      |
        | 15    | 18  | has breached |

    Scenario: The exception is named as what excuses
      Given the age of Bella is 15
      And the age of Tom is 15
      And Alice reasonably believes the activity between Bella and Tom was consensual
      Then Alice is excused from the duty to notify suspected child sex offences by the exception for consensual activity between children aged 13 or over
      And Alice is excused from duty_to_notify by consensual_activity_between_children regarding Bella
      And Alice faces no consequence

    Scenario: Without a belief that it was consensual the duty applies
      Given the age of Bella is 15
      And the age of Tom is 15
      Then Alice has breached duty_to_notify
      And Alice is not excused from duty_to_notify

    Scenario: A suspicion of coercion or abuse takes the activity out of the exception
      Given the age of Bella is 15
      And the age of Tom is 16
      And Alice reasonably believes the activity between Bella and Tom was consensual
      And Alice suspects coercion or abuse of Bella
      Then Alice has breached duty_to_notify

    Scenario: A significant difference in age or maturity, in the teacher's judgement, takes it out
      Given the age of Bella is 14
      And the age of Tom is 17
      And Alice reasonably believes the activity between Bella and Tom was consensual
      And Alice judges there is a significant difference in age or maturity between Bella and Tom
      Then Alice is under duty_to_notify
      And Alice has breached duty_to_notify

    Scenario: The exception needs the activity to be between the two children
      Given the age of Bella is 15
      And the age of Tom is 15
      And the age of Uma is 15
      And Alice reasonably believes the activity between Bella and Uma was consensual
      Then Alice has breached duty_to_notify

  Rule: Specified confidential services (s.86(2))

    Scenario: A disclosure made to a specified confidential service
      Given the age of Bella is 12
      And Alice learned of the suspected offence against Bella while providing a specified confidential service
      Then Alice is excused from duty_to_notify by the exception for specified confidential services
      And Alice does not face barring_referral

    Scenario: The same disclosure made outside the service
      Given the age of Bella is 12
      Then Alice has breached duty_to_notify
      And Alice faces barring_referral
