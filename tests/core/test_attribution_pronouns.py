"""He/she resolution (reader/attribution/pronouns.py): short sentences of our own."""

from reader.attribution import attribute


def who(att, fragment):
    for sp in att.speakers:
        for q in sp.quotes:
            if fragment in q.text:
                return sp.name
    return None


def test_forename_gives_the_gender():
    body = ["Melanie thought the whole thing was outrageous. Kevin was asleep.",
            "“It never crossed my mind,” she said."]
    assert who(attribute(body), "never crossed") == "Melanie"


def test_surname_alone_takes_the_gender_of_the_full_name():
    body = ["Elizabeth Warren questioned John Stumpf on Tuesday.",
            "“This just isn’t right,” Warren said.",
            "Stumpf made $19 million last year. Warren was not impressed.",
            "“You squeezed employees to the breaking point,” she said."]
    assert who(attribute(body), "squeezed employees") == "Warren"  # not Stumpf


def test_speaker_after_an_inverted_speech_verb():
    body = ["“Debates matter less than you think,” said Sean Spicer, a party strategist.",
            "However, debates rarely move polls, noted NBC’s Dante Chinni.",
            "“Remember debates happen late in the campaign,” he wrote."]
    assert who(attribute(body), "happen late") == "Dante Chinni"


def test_appositive_makes_the_person_salient():
    body = ["While Obama had many songs written about him, that worries Henry Crespo, president of a caucus.",
            "“No one is writing songs for Hillary,” he said."]
    assert who(attribute(body), "writing songs") == "Henry Crespo"


def test_a_chain_of_she_keeps_to_its_subject():
    body = ["Attorney General Loretta Lynch spoke on Monday.",
            "She has called the shootings a moment like the one Hillary Clinton lived through.",
            "She said she was not aware of a backlash.",
            "“People tend not to say those things to the attorney general,” she said."]
    assert who(attribute(body), "People tend not") == "Loretta Lynch"


def test_a_name_as_a_modifier_or_a_place_is_not_the_referent():
    body = ["Leslie Wimes, a Democratic activist, spoke to reporters.",
            "She believes that the Clinton campaign took voters in Virginia for granted.",
            "“They have a big problem,” she said."]
    assert who(attribute(body), "big problem") == "Leslie Wimes"


def test_forename_list_gives_male_female_or_either():
    from reader.attribution.forenames import forename_gender

    assert forename_gender("Melanie") == "f" and forename_gender("Kevin") == "m"
    assert forename_gender("Jordan") == "" and forename_gender("Leslie") == ""  # either
    assert forename_gender("Michigan") is None and forename_gender("Police") is None
    assert forename_gender("Al") is None and forename_gender("J.") is None


def test_a_forename_of_either_gender_does_not_block_the_latest_speaker():
    # Jordan is given to boys and girls alike: unknown, so "she" stays with the latest speaker
    # (were Jordan a man's name, it would go back to Karen Miles).
    body = ["“Turnout was higher than last year,” said Karen Miles, the county clerk.",
            "“We will win this,” said Jordan Ellsworth, a local organiser.",
            "“Nobody expected the turnout,” she said."]
    assert who(attribute(body), "Nobody expected") == "Jordan Ellsworth"
