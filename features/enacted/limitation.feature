@act:enacted
Feature: No limitation period in child sexual abuse cases (cl. 87)
  None of the time limits of the Limitation Act 1980 applies to an action for damages
  for personal injuries where the claimant was under 18 when the cause of action
  accrued and the act or omission was sexual abuse — except for claims settled or
  determined before commencement and claims under the Protection from Harassment Act.

  Scenario: A claim for abuse suffered as a child is not time-barred
    Given Cara claims damages for personal injuries from Dan
    And the act or omission of Dan against Cara was sexual abuse
    And Cara was under 18 when the cause of action against Dan accrued
    Then Cara may rely on no limitation period for child sexual abuse claims

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
