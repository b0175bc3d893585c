@act:enacted
Feature: Wrong expectations about the enacted Act

  # decisive: the age of Vic is 17
  Scenario: A 17-year-old volunteer is expected to be under the duty
    Given Vic volunteers with children
    And Vic works in England
    And the age of Vic is 17
    And Bella tells Vic about a child sex offence
    Then Vic is under the duty to notify suspected child sex offences

  # decisive: Tia works in England — assumed: not stated
  Scenario: A teacher whose place of work was never stated
    Given Tia is a teacher
    And the age of Tia is 40
    And Bella tells Tia about a child sex offence
    Then Tia is under duty_to_notify regarding Bella

  # decisive: Sid is engaged in relevant activity: none of
  Scenario: A shop assistant is expected to be a mandated reporter
    Given Sid is a shop assistant
    And Sid works in England
    And the age of Sid is 30
    And Bella tells Sid about a child sex offence
    Then Sid is under duty_to_notify

  # decisive: Bella tells Alice about a child sex offence (line
  Scenario: A teacher told by a pupil is expected to be under no duty
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    And the age of Bella is 12
    Then Alice is not under the duty to notify suspected child sex offences

  # decisive: Alice notifies the police about Bella
  Scenario: Complying is expected but no notification is stated
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    Then Alice has complied with the duty to notify suspected child sex offences

  # decisive: Alice tries to deter Harry from reporting abuse of Bella
  Scenario: The reporter is expected to commit the offence the head teacher commits
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    And Harry is a teacher
    And Harry tries to deter Alice from reporting abuse of Bella
    Then Alice commits preventing_or_deterring

  # decisive: Harry tries to deter Alice from reporting abuse of Bella (line
  Scenario: A head teacher who deters a report is expected to commit no offence
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    And Harry tries to deter Alice from reporting abuse of Bella
    Then Harry commits no offence

  # decisive: Alice reasonably believes the activity between Bella and Tom was consensual — assumed: not stated
  Scenario: Two teenagers, but the teacher's belief was never stated
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    And the suspected offence against Bella is sexual activity with Tom
    And the age of Bella is 15
    And the age of Tom is 15
    Then Alice is excused from duty_to_notify

  # decisive: the days since Alice was given reason to suspect an offence against Bella is 9
  Scenario: A delay of nine days is expected to be lawful
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    And Alice reasonably believes that notifying immediately would put Bella at risk
    And the days since Alice was given reason to suspect an offence against Bella is 9
    Then Alice may rely on delay_where_child_at_risk

  # decisive: Nia is a member of a regulated profession — assumed: not stated
  Scenario: A nurse who failed to notify is expected to face regulator action
    Given Nia is an NHS nurse
    And Nia works in England
    And the age of Nia is 41
    And Nia witnesses a child sex offence against Pat
    Then Nia faces regulator_action

  # decisive: the age of B is 17
  Scenario: A 17-year-old offender's offence is expected to be aggravated by grooming
    Given A groomed Carol
    And B sexually assaults Carol
    And the age of Carol is 14
    And the age of B is 17
    Then specified_child_sex_offence committed by B is aggravated by grooming_aggravating_factor

  # decisive: the age of Carol is 18
  Scenario: An adult victim's age is expected not to matter
    Given B sexually assaults Carol
    And the age of Carol is 18
    And the age of B is 25
    Then B commits specified_child_sex_offence

  # decisive: Cara was under 18 when the cause of action against Dan accrued — assumed: not stated
  Scenario: A claim is expected to escape the limitation period without the claimant's age
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    And the action of Cara against Dan is for negligence, nuisance or breach of duty
    Then Cara may rely on no_limitation_period
