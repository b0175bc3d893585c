Feature: Priority and conflict: the toy Quiet Hours Act

  Background:
    Given the Act "../../tests/acts/quiet_hours.law"

  Scenario: A venue must not play music after midnight
    Given Vera runs a venue
    And Vera plays music after midnight
    Then Vera has breached no_late_music

  Scenario: A late licence applies notwithstanding the prohibition
    Given Vera runs a venue
    And Vera holds a late licence
    And Vera plays music after midnight
    Then Vera is excused from no_late_music by late_licence
    And Vera may rely on late_licence

  Scenario: A late licence does not help in a hospital zone
    Given Vera runs a venue
    And Vera holds a late licence
    And Vera is in a hospital zone
    And Vera plays music after midnight
    Then Vera cannot rely on late_licence
    And Vera has breached no_late_music

  Scenario: A fire marshal in a hospital zone is bound two ways and nothing ranks them
    Given Fred is a fire marshal
    And there is a fire at Fred
    And Fred is in a hospital zone
    Then there is a conflict between sound_alarm and silence_in_hospital_zone
    And Fred is under sound_alarm

  Scenario: Outside a hospital zone there is no conflict
    Given Fred is a fire marshal
    And there is a fire at Fred
    Then there is no conflict
    And Fred has breached sound_alarm

  Scenario Outline: No duty to sound the alarm without <missing>
    Given <fact>
    Then Fred is not under sound_alarm

    Examples:
      | missing           | fact                  |
      | a fire            | Fred is a fire marshal |
      | being the marshal | there is a fire at Fred |
