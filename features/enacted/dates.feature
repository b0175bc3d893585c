@act:enacted
Feature: The duty to notify by the calendar (dated events, commencement)
  A dated scenario is evaluated as at a day: "Given the date is …" (or its latest dated
  fact). Section 85 commences on a day appointed by regulations, which a scenario states;
  the 7 days of the lawful delay and of the duty's deadline are counted from the dated
  disclosure, not stated as numbers.

  Background:
    Given Vic volunteers with children
    And Vic works in England
    And the age of Vic is 30
    And on 2026-05-04 Bella tells Vic about a child sex offence

  Scenario: Before the appointed day the duty is not in force
    Given the date is 2026-05-12
    Then duty_to_notify is not in force
    And Vic is not under duty_to_notify
    And Vic does not face barring_referral

  Rule: Once section 85 is in force

    Background:
      Given section 85 comes into force on 2026-05-01

    Scenario: No notification yet, three days on: pending, not breached
      Given the date is 2026-05-07
      Then duty_to_notify is in force
      And Vic is pending under duty_to_notify regarding Bella
      And Vic has not breached duty_to_notify
      And Vic does not face barring_referral

    Scenario: The last day itself is still in time
      Given the date is 2026-05-11
      Then Vic is pending under duty_to_notify

    Scenario: No notification, eight days on: breached
      Given the date is 2026-05-12
      Then Vic has breached duty_to_notify regarding Bella
      And Vic faces barring_referral

    Scenario: Notified on day 5 during the lawful delay: complied
      Given Vic reasonably believes that notifying immediately would put Bella at risk
      And on 2026-05-09 Vic notifies the police about Bella
      And the date is 2026-05-20
      Then Vic has complied with duty_to_notify
      And Vic does not face barring_referral

    Scenario: Notified on day 9: complied late, which is a breach
      Given Vic reasonably believes that notifying immediately would put Bella at risk
      And on 2026-05-13 Vic notifies the police about Bella
      Then Vic has complied late with duty_to_notify
      And Vic has breached duty_to_notify
      And Vic faces barring_referral

    Scenario: At risk, three days on: excused by the lawful delay
      Given Vic reasonably believes that notifying immediately would put Bella at risk
      And the date is 2026-05-07
      Then Vic is excused from duty_to_notify by delay_where_child_at_risk
      And Vic is not pending under duty_to_notify
