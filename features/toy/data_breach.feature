Feature: A second Act, with no new step code: the toy Data Breach Notification Act
  The same steps run against any Act. This one is named by a path relative to this
  file, and it has an exception to an exception.

  Background:
    Given the Act "../../tests/acts/data_breach.law"
    And Acme is a data controller
    And Acme becomes aware of a personal data breach

  Scenario Outline: No duty without <missing>
    Given <fact>
    Then Bolt is not under notify_breach

    Examples:
      | missing          | fact                                         |
      | being a controller | Bolt becomes aware of a personal data breach |
      | a breach         | Bolt is a data controller                    |

  Scenario: A controller who does not notify breaches the duty and faces censure
    Then Acme has breached notify_breach
    And Acme faces public censure by the commissioner

  Scenario: Notifying within 72 hours complies
    When Acme notifies the commissioner
    And the hours Acme took to notify the commissioner is 70
    Then Acme has complied with notify_breach

  Scenario: Notifying after 72 hours is too late
    When Acme notifies the commissioner
    And the hours Acme took to notify the commissioner is 80
    Then Acme has breached notify_breach

  Scenario: A breach unlikely to result in a risk is excused
    Given the breach at Acme is unlikely to result in a risk to individuals
    Then Acme is excused from notify_breach by unlikely_risk

  Scenario: An order of the commissioner defeats that exception (an exception to an exception)
    Given the breach at Acme is unlikely to result in a risk to individuals
    And Acme is ordered by the commissioner to notify
    Then Acme is not excused from notify_breach
    And Acme has breached notify_breach

  Scenario: A public body is not censured
    Given Acme is a public body
    Then Acme has breached notify_breach
    But Acme does not face public_censure

  Scenario: Obstructing the notification
    Given Olga tells Acme not to notify the commissioner
    And Olga intends to stop the notification
    Then Olga commits obstructing the notification of a breach
    And Acme has breached notify_breach
    And the maximum penalty for obstructing_notification on indictment is imprisonment up to 2 years, a fine, or both
    And the maximum penalty for obstructing_notification on summary conviction is a fine up to £5,000

  Scenario Outline: Obstruction needs <element>
    Given <fact>
    Then Olga does not commit obstructing_notification

    Examples:
      | element                   | fact                                        |
      | an intention to stop it   | Olga tells Acme not to notify the commissioner |
      | telling the controller    | Olga intends to stop the notification       |

  Scenario: Obstruction needs a controller under the duty
    Given the breach at Acme is unlikely to result in a risk to individuals
    And Olga tells Acme not to notify the commissioner
    And Olga intends to stop the notification
    Then Olga does not commit obstructing_notification
