@act:enacted
Feature: No limitation period in child sexual abuse cases (cl. 87)
  None of the time limits of the Limitation Act 1980 applies to an action for damages
  for negligence, nuisance or breach of duty that include damages for personal injuries,
  where the claimant was under 18 when the cause of action accrued and the act or
  omission was sexual abuse — except for claims settled or determined before
  commencement, claims under the Protection from Harassment Act, and claims for a
  deceased person's estate unless the person had started the action before death.

  Background:
    Given the action of Cara against Dan is for negligence, nuisance or breach of duty

  Scenario: A claim for abuse suffered as a child is not time-barred
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    And Cara was under 18 when the cause of action against Dan accrued
    Then Cara may rely on no limitation period for child sexual abuse claims

  Scenario: An action of another kind keeps the usual time limits
    Given Eve claims damages for personal injuries from Dan
    And the act or omission of Dan against Eve was sexual abuse
    And Eve was under 18 when the cause of action against Dan accrued
    Then Eve cannot rely on no_limitation_period

  Scenario: Abuse suffered as an adult keeps the usual time limits
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    Then Cara cannot rely on no_limitation_period

  Scenario: A claim for an injury that was not sexual abuse keeps the usual time limits
    Given Cara claims damages for personal injuries from Dan
    And Cara was under 18 when the cause of action against Dan accrued
    Then Cara cannot rely on no_limitation_period

  Scenario: Without a claim for damages for personal injuries there is nothing to extend
    Given the act or omission of Dan against Cara was sexual abuse
    And Cara was under 18 when the cause of action against Dan accrued
    Then Cara cannot rely on no_limitation_period

  Scenario: A claim settled before commencement stays closed
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    And Cara was under 18 when the cause of action against Dan accrued
    And the claim of Cara against Dan was settled or determined before commencement
    Then Cara cannot rely on no_limitation_period

  Scenario: A claim under the Protection from Harassment Act keeps its time limit
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    And Cara was under 18 when the cause of action against Dan accrued
    And the claim of Cara against Dan is under section 3 of the Protection from Harassment Act 1997
    Then Cara cannot rely on no_limitation_period

  Scenario: A claim for a deceased person's estate keeps its time limit
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    And Cara was under 18 when the cause of action against Dan accrued
    And the claim of Cara against Dan is brought for the estate of a deceased person under the Law Reform (Miscellaneous Provisions) Act 1934
    Then Cara cannot rely on no_limitation_period

  Scenario: An estate claim the person had started before death is not time-barred
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    And Cara was under 18 when the cause of action against Dan accrued
    And the claim of Cara against Dan is brought for the estate of a deceased person under the Law Reform (Miscellaneous Provisions) Act 1934
    And Cara had started the action against Dan before death
    Then Cara may rely on no_limitation_period
