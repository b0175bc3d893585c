@intent @act:announced @act:enacted
Feature: The promises of January 2025, checked against the Act as passed
  Each scenario states an outcome the Government announced (the seed news report and
  the Home Secretary's statement of 6 January 2025). Every scenario runs against both
  encodings. Where the Act as enacted does not keep the promise the scenario is
  tagged @divergence:enacted: it is reported under "Where … departs from the stated
  intent", and the run fails if the divergence ever disappears.

  Background:
    Given the following facts:
      | fact                                        |
      | Alice is a teacher                          |
      | Alice works in England                      |
      | the age of Alice is 35                      |
      | Bella tells Alice about a child sex offence |
      | the age of Bella is 12                      |

  Rule: Promises the Act keeps

    Scenario: Teachers must report abuse they are told about
      Then Alice is under a duty

    Scenario: Professionals who actively prevent reporting face up to seven years in prison
      Given Harry is a teacher
      And Harry intentionally prevents Alice from reporting abuse of Bella
      Then Harry commits an offence
      And the maximum penalty for the offence Harry commits is imprisonment up to 7 years

    Scenario: A gang member who did not groom the victim gets a longer sentence
      Given B sexually assaults Carol
      And A groomed Carol
      And A is a gang member
      And B is a gang member
      And the age of Carol is 14
      And the age of B is 25
      Then an offence committed by B is aggravated

  Rule: Promises the Act departs from

    @divergence:enacted
    Scenario: Anyone working with children who fails to report will face prosecution
      Then Alice commits an offence

    @divergence:enacted
    Scenario: Reports go to the police, so telling only the local authority does not discharge the duty
      When Alice notifies the local authority about Bella
      Then Alice has complied with no duty

    @divergence:enacted
    Scenario: Only professionals commit the offence of preventing a report
      Given Pam intentionally prevents Alice from reporting abuse of Bella
      Then Pam commits no offence

    @divergence:enacted
    Scenario: Covering up abuse is an offence in itself
      Given Ken is a teacher
      And Ken covers up abuse of Bella
      Then Ken commits an offence
