Feature: Who must report, role by role, as enacted and as announced
  The enacted duty covers adults in relevant activity in England: regulated activity
  with children, listed positions of trust and police constables. The announcement
  named teachers, social care workers, NHS staff and others responsible for
  childcare. A shop assistant is covered by neither.

  @act:enacted
  Rule: As enacted

    Scenario Outline: <role> — <covered> the duty to notify
      Given <role>
      And <name> works in England
      And the age of <name> is 40
      And Bella tells <name> about a child sex offence
      Then <name> <covered> the duty to notify suspected child sex offences

      Examples: In relevant activity
        | name  | role                                                           | covered  |
        | Alice | Alice is a teacher                                             | is under |
        | Sam   | Sam is a social care worker                                    | is under |
        | Nia   | Nia is an NHS nurse                                            | is under |
        | Cath  | Cath is a childminder                                          | is under |
        | Yusuf | Yusuf is a youth worker                                        | is under |
        | Vera  | Vera volunteers with children                                  | is under |
        | Olly  | Olly is a police constable                                     | is under |
        | Trish | Trish holds a position of trust listed in Part 2 of Schedule 8 | is under |
        | Gita  | Gita is a GP                                                   | is under |
        | Dev   | Dev is a doctor treating children                              | is under |
        | Hana  | Hana is a health visitor                                       | is under |
        | Tom   | Tom is a teaching assistant                                    | is under |
        | Cole  | Cole regularly teaches, trains, instructs or supervises children | is under |

      Examples: Not in relevant activity
        | name | role                       | covered      |
        | Sid  | Sid is a shop assistant    | is not under |
        | Stan | Stan is a sports coach     | is not under |
        | Fay  | Fay is a faith leader      | is not under |
        | Carl | Carl is a chief executive  | is not under |
        | Bea  | Bea is a board member      | is not under |

  @act:announced
  Rule: As announced

    Scenario Outline: <role> — <covered> the duty to report
      Given <role>
      And Bella tells <name> about a child sex offence
      Then <name> <covered> the duty to report child sexual abuse to the police

      Examples: Named in the announcement
        | name  | role                          | covered  |
        | Alice | Alice is a teacher            | is under |
        | Sam   | Sam is a social care worker   | is under |
        | Nia   | Nia is an NHS nurse           | is under |
        | Cath  | Cath is a childminder         | is under |
        | Yusuf | Yusuf is a youth worker       | is under |
        | Vera  | Vera volunteers with children | is under |

      Examples: Not named in the announcement
        | name | role                       | covered      |
        | Olly | Olly is a police constable | is not under |
        | Sid  | Sid is a shop assistant    | is not under |
