@act:enacted
Feature: Consequences of failing to notify (s.93)
  Failing to comply with the duty is not a criminal offence; it may lead to a
  referral to the Disclosure and Barring Service, and to professional regulators.

  Background:
    Given Nia is an NHS nurse
    And Nia works in England
    And the age of Nia is 41
    And Nia witnesses a child sex offence against Pat

  Scenario: A nurse who does not notify faces a barring referral but commits no offence
    Then Nia has breached duty_to_notify
    And Nia faces referral to the Disclosure and Barring Service (possible barring from work with children)
    And Nia does not face regulator_action
    And Nia commits no offence

  Scenario: A member of a regulated profession also faces the regulator
    Given Nia is a member of a regulated profession
    Then Nia faces referral to a professional regulator
    And Nia faces barring_referral

  Scenario: A regulated professional who notifies fully faces nothing
    Given Nia is a member of a regulated profession
    When Nia notifies the police about Pat
    And the notification by Nia about Pat identifies those involved and explains why it is made
    Then Nia faces no consequence
    And Nia has breached no duty

  Scenario: Breaching only the content duty leads to no referral
    # The research ties the barring referral to failing to notify only (§2.6).
    Given Nia is a member of a regulated profession
    When Nia notifies the police about Pat
    Then Nia has breached notification_content
    But Nia does not face barring_referral
    And Nia does not face regulator_action
