@act:enacted
Feature: Grooming as a statutory aggravating factor (cl. 43)
  Where a specified child sex offence committed by an offender aged 18 or over
  involved or was facilitated by grooming — by the offender or a third party, of the
  child or of a third party — the court must treat that as an aggravating factor.

  Rule: Grooming by the offender or by a third party aggravates

    Scenario: The offender groomed the victim
      Given D sexually assaults Eve
      And D groomed Eve
      And the age of Eve is 14
      And the age of D is 30
      Then a specified child sex offence committed by D is aggravated by grooming as a statutory aggravating factor
      And D commits specified_child_sex_offence

    Scenario: Another person groomed the victim
      Given B sexually assaults Carol
      And A groomed Carol
      And the age of Carol is 14
      And the age of B is 25
      Then specified_child_sex_offence committed by B is aggravated by grooming_aggravating_factor
      And A commits no offence

    Scenario: Grooming unconnected with the offence does not aggravate it
      # The factor needs the offence to have involved or been facilitated by the grooming (§4).
      Given B sexually assaults Carol
      And A groomed Carol
      And the grooming of Carol by A was unconnected with the offence by B
      And the age of Carol is 14
      And the age of B is 25
      Then B commits specified_child_sex_offence
      But specified_child_sex_offence committed by B is not aggravated by grooming_aggravating_factor

    Scenario: The offence was facilitated by grooming a different child
      Given F causes Gwen to engage in sexual activity
      And the age of Gwen is 15
      And the age of F is 40
      And the offence by F against Gwen was facilitated by H grooming Ivy
      And the age of Ivy is 16
      Then an offence committed by F is aggravated by grooming_aggravating_factor

    Scenario: Grooming the child's parent to gain access to the child counts
      # The grooming may be "committed against the victim … or a third-party" (MoJ factsheet):
      # the third party may be an adult.
      Given F causes Gwen to engage in sexual activity
      And the age of Gwen is 15
      And the age of F is 40
      And the offence by F against Gwen was facilitated by H grooming Jo
      And the age of Jo is 44
      Then F commits specified_child_sex_offence
      And an offence committed by F is aggravated by grooming_aggravating_factor

  Rule: The factor is about the offence it aggravates

    Scenario: Grooming of a child the offence is not against does not aggravate it
      Given D sexually assaults Eve
      And the age of Eve is 14
      And the age of D is 30
      And H groomed Sol
      And the age of Sol is 13
      Then D commits specified_child_sex_offence
      But specified_child_sex_offence committed by D is not aggravated by grooming_aggravating_factor

    Scenario: Two offences by one offender: only the one against the groomed child is aggravated
      Given D sexually assaults Eve
      And D sexually assaults Sol
      And the age of Eve is 14
      And the age of Sol is 13
      And the age of D is 30
      And H groomed Sol
      Then specified_child_sex_offence committed by D regarding Sol is aggravated by grooming_aggravating_factor
      But specified_child_sex_offence committed by D regarding Eve is not aggravated by grooming_aggravating_factor

  Rule: Only offences by adults against children

    Scenario: An offender under 18 commits the offence, but the factor does not apply
      Given D sexually assaults Eve
      And D groomed Eve
      And the age of Eve is 14
      And the age of D is 17
      Then D commits specified_child_sex_offence
      And specified_child_sex_offence committed by D is not aggravated by grooming_aggravating_factor

    Scenario: Without grooming there is no aggravation
      Given R rapes Sue
      And the age of Sue is 16
      And the age of R is 22
      Then R commits specified_child_sex_offence
      And an offence committed by R is not aggravated

    Scenario: An offence against an adult is not a specified child sex offence
      Given Sam sexually assaults Kim
      And Sam groomed Kim
      And the age of Kim is 19
      And the age of Sam is 30
      Then Sam does not commit a specified child sex offence

    Scenario: The penalty is set by the Sexual Offences Act 2003
      Then the maximum penalty for specified_child_sex_offence is the maximum for the offence under the Sexual Offences Act 2003
