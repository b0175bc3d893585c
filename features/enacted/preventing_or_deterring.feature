@act:enacted
Feature: Preventing or deterring a person from complying with the duty (s.92)
  A person commits an offence if they intentionally prevent, or try to deter,
  another person from making a notification that the other person is required to
  make under section 85. Anyone can commit it.

  Background:
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    And the age of Bella is 12

  Scenario: A colleague intentionally prevents the teacher from reporting
    Given Harry is a teacher
    And Harry intentionally prevents Alice from reporting abuse of Bella
    Then Harry commits the offence of preventing or deterring a person from complying with the duty to notify
    And Harry commits an offence

  Scenario: A parent tries to deter the teacher
    Given Pam tries to deter Alice from reporting abuse of Bella
    Then Pam commits preventing_or_deterring
    And Pam is under no duty

  Scenario: Covering up without acting against a reporter is not this offence
    Given Ken is a teacher
    And Ken covers up abuse of Bella
    Then Ken does not commit preventing_or_deterring
    And Ken commits no offence

  Scenario: Deterring someone who is not under the duty is not the offence
    Given Vic volunteers with children
    And Vic works in England
    And the age of Vic is 17
    And Bella tells Vic about a child sex offence
    And Pam tries to deter Vic from reporting abuse of Bella
    Then Pam does not commit preventing_or_deterring

  Scenario: Deterring someone excused by an exception is not the offence
    Given Alice learned of the suspected offence against Bella while providing a specified confidential service
    And Pam tries to deter Alice from reporting abuse of Bella
    Then Alice is excused from duty_to_notify
    And Pam commits no offence

  Scenario: Deterring a teacher during the lawful delay is the offence
    # The delay only postpones the notification she is required to make (§7 ex. 7).
    Given Alice reasonably believes that notifying immediately would put Bella at risk
    And the days since Alice was given reason to suspect an offence against Bella is 3
    And Paul tries to deter Alice from reporting abuse of Bella
    Then Alice is excused from duty_to_notify by the lawful delay of up to seven days
    And Paul commits preventing_or_deterring

  Scenario: The teacher who is deterred still breaches the duty if she does not notify
    Given Pam tries to deter Alice from reporting abuse of Bella
    Then Alice has breached duty_to_notify
    And Alice commits no offence

  Scenario: Maximum penalties
    Then the maximum penalty for preventing_or_deterring on indictment is imprisonment up to 7 years, a fine, or both
    And the maximum penalty for preventing_or_deterring on indictment is seven years' imprisonment
    And the maximum penalty for preventing_or_deterring on summary conviction is imprisonment up to the general limit in a magistrates' court, a fine, or both
    And the maximum penalty for preventing_or_deterring is imprisonment up to 7 years

  Scenario: The maximum penalty for the offence a head teacher commits
    Given Harry tries to deter Alice from reporting abuse of Bella
    Then the maximum penalty for the offence Harry commits on indictment is imprisonment up to 7 years
