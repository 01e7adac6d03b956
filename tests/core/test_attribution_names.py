"""Names that are names (reader/attribution/names.py, sources.py): short sentences of our own."""

from reader.attribution import attribute


def names(body):
    return [sp.name for sp in attribute(body).speakers]


def test_a_capitalised_common_word_opening_a_sentence_is_nobody():
    body = ["Once in my early twenties, I laughed and said, “I don’t believe in the devil.”",
            "I went there once more."]
    assert "Once" not in names(body)
    body = ["Having said that, there are economists who argue that the tax falls on workers.",
            "The having of it matters."]
    assert "Having" not in names(body)


def test_a_surname_that_opens_sentences_is_still_a_name():
    body = ["“We will win,” Stumpf said.", "Stumpf said the bank would pay."]
    assert names(body) == ["Stumpf"]
    body = ["“It is over,” said Mr. Once.", "Once said the vote was lost."]
    assert names(body) == ["Once"]


def test_a_described_group_opening_a_sentence_is_a_speaker():
    body = ["Authorities said the man had been arrested on Friday."]
    assert names(body) == ["Authorities"]


def test_a_possessor_is_not_the_speaker():
    body = ["Kennedy said: “People will not be taken in.” Michael Howard's claims were denied, "
            "said the party."]
    assert "Michael Howard's" not in names(body)


def test_asides_between_the_name_and_the_verb_are_not_the_speaker():
    assert names(["Johnnie Wilson, of Springfield, Va., said he had fought in Vietnam for all."]) == ["Johnnie Wilson"]
    assert names(["Donna Rawlings, 59, of Ashton, Md., who watched the ceremony on a screen, said the "
                  "event brought back memories."]) == ["Donna Rawlings"]


def test_a_role_with_an_organisation_in_it_is_a_role():
    att = attribute(["Rep. Gregory W. Meeks (D-N.Y.), chairman of the Congressional Black Caucus PAC, "
                     "said members will help him raise cash."])
    assert [sp.name for sp in att.speakers] == ["Gregory W. Meeks"]


def test_an_organisation_of_something_is_one_name():
    assert names(["The United Federation of Teachers said communities are standing up for schools."]) == [
        "United Federation of Teachers"]
    assert names(["The prison system is full, according to the Federal Bureau of Prisons."]) == [
        "Federal Bureau of Prisons"]
