@act:announced
Feature: Wrong expectations about the announced Act

  # decisive: Sid is in regulated activity involving children: none of
  Scenario: A shop assistant is expected to be under the duty to report
    Given Sid is a shop assistant
    And Bella tells Sid about a child sex offence
    Then Sid is under duty_to_report

  # decisive: Alice notifies the police about Bella is not stated
  Scenario: A teacher who never reported is expected to commit no offence
    Given Alice is a teacher
    And Bella tells Alice about a child sex offence
    Then Alice commits no offence

  # decisive: Pam covers up abuse of Bella (line
  Scenario: A professional who covers up is expected to commit no offence
    Given Pam is a teacher
    And Pam covers up abuse of Bella
    Then Pam does not commit preventing_or_covering_up
