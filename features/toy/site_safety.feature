Feature: Defences, presumptions and who the offender is, on the toy Site Safety Act
  The constructs real statutes need, with no step code: a defence with a reverse (legal)
  burden, one with an evidential burden, a rebuttable presumption, penalties that depend on
  whether the offender is an individual or a body corporate, and fine limits on summary
  conviction.

  Background:
    Given the Act "../../tests/acts/language/site_safety.law"
    And Acme runs a site

  Rule: A presumption holds on its basis fact unless it is rebutted

    Scenario: An employee is presumed to work at the site
      Given Wes is employed by Acme
      Then Wes works at the site of Acme
      And Acme is under keep_workers_safe regarding Wes

    Scenario: The presumption is rebutted
      Given Wes is employed by Acme
      And it is shown that Wes does not work at the site of Acme
      Then Wes does not work at the site of Acme
      And Acme is not under keep_workers_safe

    Scenario: Stated directly, the fact needs no presumption
      Given Wes works at the site of Acme
      Then Wes works at the site of Acme

    Scenario: A derived phrase as a finding
      Given Acme has a safety policy
      Then Acme runs a safe site
      And it is not the case that Bolt runs a safe site

  Rule: A defence with a legal burden defeats the offence when the accused proves it

    Scenario: Without the defence, the operator commits the offence
      Given Wes works at the site of Acme
      And Acme is a body corporate
      Then Acme commits failing_to_keep_workers_safe
      And Acme has no defence to failing_to_keep_workers_safe
      And the maximum penalty for the offence Acme commits is a fine

    Scenario: The operator proves that more was not reasonably practicable
      Given Wes works at the site of Acme
      And it was not reasonably practicable for Acme to do more to keep Wes safe
      Then Acme has breached keep_workers_safe
      But Acme has a defence to failing_to_keep_workers_safe by not_reasonably_practicable
      And Acme does not commit failing_to_keep_workers_safe

  Rule: The penalty depends on who the offender is

    Scenario: An individual operator faces imprisonment
      Given Ian runs a site
      And Ian is an individual
      And Wes works at the site of Ian
      Then Ian commits failing_to_keep_workers_safe
      And the maximum penalty for the offence Ian commits is imprisonment up to 2 years, a fine, or both

    Scenario: The limits stated for summary conviction
      Then the maximum penalty for failing_to_keep_workers_safe on summary conviction is a fine up to the statutory maximum
      And the maximum penalty for obstruction on summary conviction is a fine up to the prescribed sum

  Rule: A defence with an evidential burden is made out when it is raised

    Scenario: An honest mistake about the inspector
      Given Pat obstructs an inspector
      And Pat believed the inspector was an impostor
      Then Pat has a defence to obstruction by honest_mistake
      And Pat commits no offence

    Scenario: Obstruction without a defence
      Given Pat obstructs an inspector
      Then Pat commits obstruction

  Rule: A permission needs no duty

    Scenario: An inspector may inspect
      Given Ivy is an inspector
      Then Ivy may inspect the site of Acme
      And Ivy may rely on inspection
      But Acme cannot rely on inspection
