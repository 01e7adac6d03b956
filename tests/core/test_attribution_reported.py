"""Reported speech without quote marks (reader/attribution/reported.py): each rule on short
sentences written for the purpose, with the span and the speaker a reader would expect."""

from __future__ import annotations

from reader.attribution import attribute


def indirect(body):
    """(speaker, span) of each indirect quote of *body*, offsets checked."""
    att = attribute(body)
    text = "\n\n".join(body)
    out = []
    for sp in att.speakers:
        for q in sp.quotes:
            assert text[q.start:q.end] == q.text
            if q.kind == "indirect":
                out.append((sp.name, q.text))
    return sorted(out, key=lambda x: text.index(x[1]))


def test_plain_present_tense_say_is_reported_speech():
    assert indirect(["But many economists say the new tariffs will raise prices for everyone."]) == [
        ("economists", "the new tariffs will raise prices for everyone")]


def test_clause_first_attribution_with_a_determiner_before_the_name():
    assert indirect(["Growth in rich countries is slowing down this year, the IMF said."]) == [
        ("IMF", "Growth in rich countries is slowing down this year")]
    assert indirect(["The mine has been meeting every standard so far, one state official said."]) == [
        ("state official", "The mine has been meeting every standard so far")]


def test_clause_first_then_said_name_with_a_role():
    assert indirect(["The first television ad could start this week, said Brian Baker, an adviser."]) == [
        ("Brian Baker", "The first television ad could start this week")]


def test_attribution_set_off_by_commas_inside_the_clause():
    assert indirect(["The museum, Mr. Bush said, celebrated many of his heroes from music and sport."]) == [
        ("Bush", "celebrated many of his heroes from music and sport")]
    # a long clause before the aside is the content, not the words after it
    assert indirect(["The top earners would see a tax cut of many thousands, the group said, compared "
                     "with a few hundred for the rest."]) == [
        ("group", "The top earners would see a tax cut of many thousands")]


def test_that_after_a_place_aside_with_commas():
    assert indirect(["Clinton says at a campaign stop in Toledo, Ohio, that the plan would cut taxes."]) == [
        ("Clinton", "the plan would cut taxes")]


def test_participle_after_a_comma_reports_the_sentence_subject():
    assert indirect(["Donald Trump is defending his early tweets, saying they show he is awake at night."]) == [
        ("Donald Trump", "his early tweets"), ("Donald Trump", "they show he is awake at night")]
    # a joint subject is nobody in particular
    assert indirect(["The Times and the Gannett chain filed a motion, arguing the records matter to voters."]) == []


def test_participle_opening_the_sentence_reports_the_subject_after_the_comma():
    assert indirect(["Claiming the criticism is designed to pressure moderators, Trump told Fox he was fine."]) == [
        ("Trump", "the criticism is designed to pressure moderators")]


def test_addressee_and_an_infinitive():
    assert indirect(["Mr. Obama told his advisers to find a way to cut emissions without Congress."]) == [
        ("Obama", "his advisers to find a way to cut emissions without Congress")]
    # without "that" or "to", no reported clause after an addressee
    assert indirect(["Mr. Obama told his advisers about the plan on Monday night."]) == []


def test_verbs_whose_content_is_their_object_need_a_speaker_of_the_article():
    body = ["Warren said the bank had failed its customers for years.",
            "At the hearing, Warren cited the bank's own figures as proof of the fraud."]
    assert indirect(body) == [("Warren", "the bank had failed its customers for years"),
                              ("Warren", "the bank's own figures as proof of the fraud")]
    # a stance verb alone does not make its subject one of the article's speakers
    assert indirect(["At the hearing, Warren cited the bank's own figures as proof of the fraud."]) == []


def test_object_of_a_particle_verb_ends_at_the_clause():
    body = ["The IMF said growth would slow this year.",
            "The IMF pointed to the vote in Britain as an example, and then it moved on."]
    assert indirect(body)[1] == ("IMF", "the vote in Britain as an example")


def test_belief_verbs_take_a_clause_not_an_infinitive():
    body = ["Mr. McKinley said loans were getting scarce.",
            "Mr. McKinley believes the banks will lend less over time."]
    assert indirect(body)[1] == ("McKinley", "the banks will lend less over time")
    assert indirect(["Mr. McKinley said loans were scarce.", "Mr. McKinley hopes to retire soon."]) == [
        ("McKinley", "loans were scarce")]


def test_a_long_paragraph_of_reporting_verbs_gives_exact_spans_that_never_overlap():
    body = [" ".join(["Smith said the plan cited by Jones was, Brown argued, defended by all, saying "
                      "nothing."] * 50)] * 80
    att = attribute(body)
    para = "\n\n".join(body)
    spans = sorted((q.start, q.end) for sp in att.speakers for q in sp.quotes)
    assert spans and all(para[s:e] == q.text for sp in att.speakers for q in sp.quotes for s, e in [(q.start, q.end)])
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))  # quotes never overlap


def test_plural_groups_are_speakers():
    assert indirect(["Democratic strategists say the party would be wise to warn about leaks."]) == [
        ("Democratic strategists", "the party would be wise to warn about leaks")]


def test_a_document_shows_without_that_but_a_finding_verb_alone_does_not():
    assert indirect(["A new poll shows Clinton leading Trump by five points in Ohio."]) == [
        ("poll", "Clinton leading Trump by five points in Ohio")]
    assert indirect(["The committee found a way to cut the costs of the plan."]) == []


def test_a_reported_question():
    assert indirect(["Reporters asked whether the plan would pass the Senate this year."]) == [
        ("Reporters", "whether the plan would pass the Senate this year")]


def test_participle_after_a_quote_reports_its_speaker():
    assert indirect(["“You can’t change what you don’t know,” DuVernay said, emphasizing why our past "
                     "matters to our present."]) == [("DuVernay", "why our past matters to our present")]
    # a capitalised participle that opens the sentence is not its subject
    assert "Chastened" not in [name for name, _ in indirect([
        "Chastened by the analyses, Trump revised his plan, promising to focus on average Americans."])]


def test_a_promise_reports_its_infinitive():
    body = ["Donald J. Trump said coal was back.",
            "Donald J. Trump has vowed to bring back lost mining jobs and roll back regulations."]
    assert indirect(body)[1] == ("Donald J. Trump", "to bring back lost mining jobs and roll back regulations")


def test_according_to_as_an_aside_after_a_short_opening():
    assert indirect(["But the next day, according to Roffman, Trump made further demands."]) == [
        ("Roffman", "Trump made further demands")]
    assert indirect(["But according to Smith, the talks failed over money."]) == [
        ("Smith", "the talks failed over money")]


def test_according_to_a_clause_that_holds_a_quote_keeps_the_words_before_it():
    body = ["More than 100,000 people took part in a nationwide “walk-in” at many schools, according "
            "to the organizers."]
    assert indirect(body) == [("organizers", "More than 100,000 people took part in a nationwide")]


def test_according_to_data_from_an_author():
    assert indirect(["Borrowers owe $1.3 trillion in student debt, according to data from the U.S. "
                     "Department of Education."]) == [
        ("U.S. Department of Education", "Borrowers owe $1.3 trillion in student debt")]
