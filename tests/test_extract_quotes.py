"""Quote extraction: every rule on a small literal paragraph, and every quote of both seeds."""

import pytest

from archive.admin import LOW_CONFIDENCE
from archive.extract.quotes import find_quote_spans, given_name_gender
from tests.conftest import SEED_ONE, SEED_TWO
from tests.factories import seed_body


def quotes_of(extract, body):
    actors, quotes = extract(body)
    for quote in quotes:
        assert body[quote.start : quote.end] == quote.text
        assert quote.speaker is None or quote.speaker in {a.name for a in actors}
    return [(q.text, q.speaker) for q in quotes if q.kind != "reported"]


def test_cue_after_quote_names_the_speaker(extract):
    body = (
        "Jeff Sessions spoke in San Diego.\n\n“People are not going to stampede our "
        "border,” Sessions insisted."
    )
    assert quotes_of(extract, body) == [("People are not going to stampede our border,", "Jeff Sessions")]


def test_fronted_cue_after_quote_names_the_speaker(extract):
    body = "“It just doesn’t add up at all,” said Alex Mensing — an organizer with Pueblos Sin Fronteras."
    assert quotes_of(extract, body) == [("It just doesn’t add up at all,", "Alex Mensing")]


def test_cue_before_quote_with_colon(extract):
    body = 'Ms Hewitt said: "We have already doubled the length of maternity pay."'
    assert quotes_of(extract, body) == [("We have already doubled the length of maternity pay.", "Hewitt")]


def test_said_in_a_statement_before_quote(extract):
    body = (
        "Attorney General Jeff Sessions spoke.\n\n“A crisis has erupted at our border,” "
        "he said. Later Mr. Sessions said in a statement: “We will prosecute every case "
        "we can.”"
    )
    assert quotes_of(extract, body)[-1] == ("We will prosecute every case we can.", "Jeff Sessions")


def test_pronoun_resolves_to_the_person_the_text_is_about(extract):
    body = (
        "But attorney Eric Fish has asked the court to dismiss the cases.\n\n"
        "“The government cannot choose its defendants by country,” he wrote in a court filing."
    )
    assert quotes_of(extract, body) == [
        ("The government cannot choose its defendants by country,", "Eric Fish")
    ]


def test_continuation_quote_keeps_previous_speaker(extract):
    body = (
        "Attorney Eric Fish filed a motion.\n\n"
        "“The government cannot choose its defendants,” he wrote. “The Court should not "
        "stand for such discrimination.”"
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == ["Eric Fish", "Eric Fish"]


def test_pull_quote_with_dash_names_the_speaker_and_role(extract):
    body = (
        "“If other countries did this, the United States would be appalled.” - Eleanor "
        "Acer, refugee protection program director, Human Rights First"
    )
    actors, quotes = extract(body)
    assert [(q.speaker, q.confidence >= 0.6) for q in quotes] == [("Eleanor Acer", True)]
    acer = next(a for a in actors if a.name == "Eleanor Acer")
    assert acer.description == "refugee protection program director, Human Rights First"


def test_partial_quote_inside_a_sentence(extract):
    body = "The practice “is simply barbaric,” said Eleanor Acer, who leads a refugee program."
    actors, quotes = extract(body)
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [
        ("is simply barbaric,", "Eleanor Acer", "partial")
    ]


def test_scare_quotes_get_no_speaker(extract):
    body = (
        "Officials deride the policy as “catch and release,” and a court filing has “credible fear claim” "
        "written on it, Jeff Sessions said."
    )
    assert all(speaker is None for _, speaker in quotes_of(extract, body))


def test_a_spokesman_is_not_a_speaker_and_no_one_else_is_guessed(extract):
    body = (
        'Tony Blair visited the plant. A spokesman said: "The prime minister was delighted with the visit."'
    )
    assert quotes_of(extract, body) == [("The prime minister was delighted with the visit.", None)]


def test_unattributed_quotes_are_left_for_review(extract):
    body = 'A spokesman said: "The prime minister was delighted with the visit to the plant."'
    [quote] = extract(body)[1]
    assert quote.confidence < LOW_CONFIDENCE


def test_run_on_quotation_is_split_at_the_new_opening_mark():
    body = 'Ms Hewitt said: "We doubled it. "We are going to extend it," she added.'
    spans = find_quote_spans(body)
    assert [body[s.start : s.end] for s in spans] == ["We doubled it.", "We are going to extend it,"]
    assert spans[1].runs_on_from_previous


def test_straight_quotes_pair_by_their_neighbours():
    body = 'The "Blair Babes" term stuck, and the 6\'2" player said "I never write myself off."'
    assert [body[s.start : s.end] for s in find_quote_spans(body)] == [
        "Blair Babes",
        "I never write myself off.",
    ]


def test_listener_after_told_is_not_the_speaker(extract):
    body = 'Sarah Mukasa told the BBC that the play was banned. "I am amazed that this country bans a play."'
    assert quotes_of(extract, body) == [("I am amazed that this country bans a play.", "Sarah Mukasa")]


SEED_ONE_QUOTES = [
    ("People are not going to caravan or otherwise stampede our border,", "Jeff Sessions"),
    (
        "We don’t want to separate families, but we don’t want families to come to the border illegally.",
        "Jeff Sessions",
    ),
    (
        (
            "If other countries treated people seeking refugee protection in this way, the "
            "United States would be appalled."
        ),
        "Eleanor Acer",
    ),
    (
        (
            "The government cannot choose its defendants based on their alleged country of "
            "citizenship, but that’s exactly what it did here,"
        ),
        "Eric Fish",
    ),
    (
        "The Court should not stand for such invidious discrimination, and should dismiss the complaint.",
        "Eric Fish",
    ),
    ("It’s pretty obvious that they don’t know who is part of the caravan or not,", "Alex Mensing"),
    ("It just doesn’t add up.", "Alex Mensing"),
    (
        (
            "After people were given transit visas, perhaps some of them went in other "
            "directions, but they were not integrated into the caravan,"
        ),
        "Nicole Ramos",
    ),
    (
        (
            "The goal of the caravan was to get to Tijuana and present themselves legally. "
            "And as part of the legal orientation we gave, we specifically advised people "
            "about criminal prosecutions."
        ),
        "Nicole Ramos",
    ),
    ("is simply barbaric,", "Eleanor Acer"),
]
SEED_TWO_QUOTES = [
    ("to the extent practicable.", "Jeff Sessions"),  # the memo's words, after "saying …" of the lead
    ("You are on the front lines of this battle,", "Jeff Sessions"),
    (
        (
            "A crisis has erupted at our Southwest Border that necessitates an escalated "
            "effort to prosecute those who choose to illegally cross our border,"
        ),
        "Jeff Sessions",
    ),
]


@pytest.mark.parametrize(("seed", "expected"), [(SEED_ONE, SEED_ONE_QUOTES), (SEED_TWO, SEED_TWO_QUOTES)])
def test_every_seed_quote_has_its_speaker(extract, seed, expected):
    assert quotes_of(extract, seed_body(seed)) == expected


def test_quote_after_a_sentence_of_reported_speech_belongs_to_its_speaker(extract):
    body = (
        "Sue Bradburn runs the sale. Ms Bradburn said the buyers had arrived early. "
        '"They would have known exactly what to look for."'
    )
    assert quotes_of(extract, body) == [("They would have known exactly what to look for.", "Sue Bradburn")]


def test_quote_opening_a_paragraph_continues_the_reported_speech_before_it(extract):
    body = (
        "Richard Thomas spoke on Monday. The content of the e-mail mattered most, said Mr Thomas.\n\n"
        '"If in doubt retain, that has been the long-standing principle."'
    )
    assert quotes_of(extract, body)[-1] == (
        "If in doubt retain, that has been the long-standing principle.",
        "Richard Thomas",
    )


def test_the_name_ending_a_fronted_speaker_phrase_is_the_speaker(extract):
    body = (
        'Richard Madeley presents the show. "It was very hard to follow last year," '
        "said Richard and Judy executive producer Amanda Ross."
    )
    assert quotes_of(extract, body) == [("It was very hard to follow last year,", "Amanda Ross")]


def test_a_definite_description_resolves_through_the_title_that_introduced_the_person(extract):
    body = (
        "The Bishop of Durham, the Rt Rev Dr Tom Wright, reviewed the novel by Dan Brown.\n\n"
        'Writing in the Northern Echo, the Bishop said: "Conspiracy theories are always fun to read."'
    )
    assert quotes_of(extract, body) == [("Conspiracy theories are always fun to read.", "Tom Wright")]


def test_it_said_resolves_to_the_organisation_the_text_is_about(extract):
    body = 'Google said the tool was still in trial. It said: "The user can choose never to click on it."'
    assert quotes_of(extract, body) == [("The user can choose never to click on it.", "Google")]


def test_a_name_inside_a_relative_clause_is_not_the_speaker(extract):
    body = 'The lawyer who represented Tony Martin said: "The rules are weighted against householders."'
    assert quotes_of(extract, body) == [("The rules are weighted against householders.", None)]


def test_an_organisation_qualifying_an_unnamed_speaker_is_not_the_speaker(extract):
    body = 'Chelsea won again. "I would have headed that every time, honestly," said the Chelsea star.'
    assert quotes_of(extract, body) == [("I would have headed that every time, honestly,", None)]


def test_he_after_an_inverted_cue_is_the_person_just_quoted(extract):
    body = (
        "Manager Paul Sturrock has distanced himself from the row. "
        '"We must get out of it through our own efforts," said chairman Bill Thompson. '
        '"The speculation is doing no one any good," he added.'
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == ["Bill Thompson", "Bill Thompson"]


def test_quote_text_leaves_out_spaces_inside_the_marks():
    body = "He called it “ very important ” for the child."
    [span] = find_quote_spans(body)
    assert body[span.start : span.end] == "very important"


def test_doubled_apostrophes_are_quotation_marks(extract):
    body = (
        "Marta Quill runs the harbour board.\n\n''The ferries will sail on time,'' said Marta Quill. "
        "Her deputy called it ''a promise we can keep,'' and left."
    )
    assert quotes_of(extract, body)[0] == ("The ferries will sail on time,", "Marta Quill")
    assert find_quote_spans(body)[1].opening == body.index("''a promise")


def test_a_shared_surname_is_the_person_named_last_before_it(extract):
    body = (
        "Harold Pemberton opened the fair on Sunday. His wife, Greta Pemberton, spoke after him.\n\n"
        "“The orchard has never looked better,” Pemberton said."
    )
    assert quotes_of(extract, body) == [("The orchard has never looked better,", "Greta Pemberton")]


def test_a_shared_surname_named_in_no_paragraph_near_it_is_the_person_named_most(extract):
    body = (
        "Marta Quillen opened her campaign office on Sunday. Marta Quillen thanked the volunteers.\n\n"
        "Her brother, Osric Quillen, runs a bakery in the town.\n\n"
        "The office will stay open until the election.\n\n"
        "“We will knock on every door,” Quillen said."
    )
    assert quotes_of(extract, body) == [("We will knock on every door,", "Marta Quillen")]


def test_headline_words_are_not_fused_into_the_speakers_name(extract):
    body = (
        "Crooked Tom Bradwell Drops Out Of Mayoral Race\n\n"
        "Tom Bradwell spoke at the quay on Monday.\n\n"
        "“We will not sell the harbour,” said Tom Bradwell."
    )
    actors, quotes = extract(body)
    assert [q.speaker for q in quotes if q.kind == "direct"] == ["Tom Bradwell"]
    assert {a.name for a in actors if a.kind == "person"} == {"Tom Bradwell"}


def test_short_partial_quotes_sharing_a_cue_and_speaker_are_kept(extract):
    body = "Tom Bradwell spoke on Monday. Bradwell said the plans were “careless” and “unfair”."
    assert quotes_of(extract, body) == [("careless", "Tom Bradwell"), ("unfair", "Tom Bradwell")]


def test_a_quoted_programme_title_is_not_a_quote_even_next_to_a_cue(extract):
    body = "Tom Bradwell said on “Harbour Talk Tonight” that he would not resign."
    assert quotes_of(extract, body) == []


def test_a_pronoun_skips_the_last_named_person_of_the_other_gender(extract):
    body = (
        "Greta Pemberton chairs the harbour board; she took office in May.\n\n"
        "Tom Bradwell said on Monday that his pilots were ready.\n\n"
        "“We will not sell the harbour,” she said."
    )
    assert quotes_of(extract, body) == [("We will not sell the harbour,", "Greta Pemberton")]


def test_a_parsed_speech_verb_links_a_short_partial_quote_to_its_subject(extract):
    body = (
        "Senator Dana Whitlow toured the shipyard on Monday.\n\n"
        "Whitlow shook her head and said the deal was “a bad bargain” for the town."
    )
    assert quotes_of(extract, body) == [("a bad bargain", "Dana Whitlow")]


def test_a_gerund_cue_gives_the_sentence_subject_as_speaker(extract):
    body = "Marta Quell celebrated in Dover, declaring the vote “a fine day for our party.”"
    assert quotes_of(extract, body) == [("a fine day for our party.", "Marta Quell")]


def test_colon_format_names_the_speaker_before_the_colon(extract):
    body = (
        "Analysts weighed in overnight.\n\n"
        "Gerald Vannick, The Harbour Ledger: “The council has run out of patience with the port.”\n\n"
        "More from Vannick: “Nobody expects the ferries to run on time this winter.”\n\n"
        "Mayor Ruth Okafor shot back: “We will keep every ferry running.”"
    )
    assert quotes_of(extract, body) == [
        ("The council has run out of patience with the port.", "Gerald Vannick"),
        ("Nobody expects the ferries to run on time this winter.", "Gerald Vannick"),
        ("We will keep every ferry running.", "Ruth Okafor"),
    ]


def test_a_long_relative_clause_after_the_name_still_reaches_the_cue(extract):
    body = (
        "“There is no timetable for the harbour, and there never was one,” Helen Marsh, who ran the "
        "port authority for a decade before retiring last spring, told the Coast Gazette."
    )
    assert quotes_of(extract, body)[0][1] == "Helen Marsh"


def test_an_adverb_between_the_subject_and_the_cue_is_skipped(extract):
    body = "Tomas Brenner however said the board would welcome a “principled harbour network” soon."
    assert quotes_of(extract, body) == [("principled harbour network", "Tomas Brenner")]


def test_an_earlier_cue_names_the_speaker_when_the_last_cue_word_is_a_noun(extract):
    body = (
        "Alan Pryce said on Thursday during a town hall in Dover that states can pass such rules "
        "because “ferries should not be sailing with broken radios.”"
    )
    assert quotes_of(extract, body) == [("ferries should not be sailing with broken radios.", "Alan Pryce")]


def test_an_honorific_anywhere_gives_the_gender_a_pronoun_needs(extract):
    body = (
        "Tom Hadley and Ann Corrigan spoke at the harbour. The mayor thanked Mr. Hadley and "
        "Mrs. Corrigan.\n\n"
        "“We will not close the harbour,” she said."
    )
    assert quotes_of(extract, body)[-1] == ("We will not close the harbour,", "Ann Corrigan")


def test_a_verb_of_manner_after_a_quote_introduces_the_speaker(extract):
    body = (
        "“Silly boys who have never seen a skater before,” scoffed Lina Ortega, 22.\n\n"
        "“We were here first and we will stay,” Ortega laughed."
    )
    assert quotes_of(extract, body) == [
        ("Silly boys who have never seen a skater before,", "Lina Ortega"),
        ("We were here first and we will stay,", "Lina Ortega"),
    ]


def test_he_said_resolves_to_a_subject_named_after_a_role_of_several_capitalised_words(extract):
    body = (
        "Dana Whitcombe, the governor, asked for a vote on Monday.\n\n"
        "Senate Majority Whip Carl Bendersby (R-Ore.) responded by standing beside a chart of the"
        " river levels.\n\n"
        "“Nobody here is asking for a blank cheque,” he said."
    )
    assert quotes_of(extract, body) == [("Nobody here is asking for a blank cheque,", "Carl Bendersby")]


def test_a_quoted_title_between_two_quotes_does_not_interrupt_their_speaker(extract):
    body = (
        "“We will publish the records,” Halvard Brisk said during an interview on “Sunday Morning"
        " Desk” on Sunday. “I am very healthy and we have nothing at all to hide from anyone.”"
    )
    assert quotes_of(extract, body) == [
        ("We will publish the records,", "Halvard Brisk"),
        ("I am very healthy and we have nothing at all to hide from anyone.", "Halvard Brisk"),
    ]


def test_a_name_after_another_subject_and_its_verb_is_not_the_subject_he_refers_to(extract):
    body = (
        "Peter Hollin and Ivo Marsk met on Monday. Realising his error, Mr Hollin then e-mailed Mr Marsk"
        " about the letter.\n\n"
        "He said: “It was all a mistake from the start and nobody should worry about it.”"
    )
    assert quotes_of(extract, body)[-1] == (
        "It was all a mistake from the start and nobody should worry about it.",
        "Peter Hollin",
    )


def test_an_opening_mark_typed_as_the_closing_one_still_closes_the_quote(extract):
    body = "“It is rare,“ said Orla Penhallow, a lawyer at the Tidewater Clinic. “We see one a year.”"
    assert quotes_of(extract, body) == [
        ("It is rare,", "Orla Penhallow"),
        ("We see one a year.", "Orla Penhallow"),
    ]


def test_a_straight_mark_closes_a_quote_opened_with_a_curly_one(extract):
    body = (
        "Mayor Ruth Calloway spoke on Monday.\n\n"
        '“If the bridge fails the inspection, we will close it for the winter," she said. "Nobody'
        ' will drive across an unsafe bridge in this town."'
    )
    assert quotes_of(extract, body) == [
        ("If the bridge fails the inspection, we will close it for the winter,", "Ruth Calloway"),
        ("Nobody will drive across an unsafe bridge in this town.", "Ruth Calloway"),
    ]


def test_a_nested_quote_ending_the_quote_still_hands_over_to_the_cue(extract):
    body = (
        "''Most members will not settle for 'We will look into it,''' said Senator Idris Fenwick of"
        " Vermont.\n\n"
        "''There was anger about the 'Harbour Plan,'  '' Ms. Gwen Atterby noted on Friday. ''That"
        " tells me the mood has turned against the council.''"
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == [
        "Idris Fenwick",
        "Gwen Atterby",
        "Gwen Atterby",
    ]


def test_a_party_tag_between_the_name_and_the_cue(extract):
    body = (
        '"We are tying the hands of every county clerk in this state," state Sen. Marcus Oldacre (D)'
        " said during the debate.\n\n"
        "Rep. Tessa Quarry (R-Wyo.) said “the cuts will hurt rural hospitals first and hardest.”"
    )
    assert quotes_of(extract, body) == [
        ("We are tying the hands of every county clerk in this state,", "Marcus Oldacre"),
        ("the cuts will hurt rural hospitals first and hardest.", "Tessa Quarry"),
    ]


def test_initials_in_an_appositive_do_not_end_the_speakers_clause(extract):
    body = (
        "''We will simply have to live with it,'' Dermot Vale, who served under John Q. Adler,"
        " told reporters on Tuesday."
    )
    assert quotes_of(extract, body) == [("We will simply have to live with it,", "Dermot Vale")]


def test_an_affiliation_with_lowercase_words_between_the_name_and_the_cue(extract):
    body = (
        '"A working engine of that kind is still years away for them," Daniel Morton of the Center'
        " for Arms Control and Nonproliferation wrote in May."
    )
    assert quotes_of(extract, body) == [
        ("A working engine of that kind is still years away for them,", "Daniel Morton")
    ]


def test_an_embedded_question_before_the_subject_is_not_a_relative_clause(extract):
    body = (
        "Judging the race by who leads in the national polls, Corwin Hale said, “is like judging"
        " a marathon by its first mile.”"
    )
    assert quotes_of(extract, body) == [("is like judging a marathon by its first mile.", "Corwin Hale")]


def test_a_role_with_a_possessive_after_an_inverted_cue(extract):
    body = (
        '"We will win this district in November," added her campaign manager Tomas Reyland,'
        " speaking to reporters."
    )
    assert quotes_of(extract, body) == [("We will win this district in November,", "Tomas Reyland")]


def test_colon_after_a_subject_that_follows_a_long_opening_phrase(extract):
    body = (
        "Asked whether the council would apologise for the flooding of the car park, Mr. Aldo"
        " Brenner shot back: “That would be a very good start for all of us.”"
    )
    assert quotes_of(extract, body) == [("That would be a very good start for all of us.", "Aldo Brenner")]


def test_more_speech_verbs_name_the_speaker(extract):
    body = (
        "“You have insulted every teacher in this county,” Wilma Tregear charged in her reply.\n\n"
        "At the rally, Hector Plume proclaimed, “We did not take a single penny from the developers.”"
    )
    assert quotes_of(extract, body) == [
        ("You have insulted every teacher in this county,", "Wilma Tregear"),
        ("We did not take a single penny from the developers.", "Hector Plume"),
    ]


def test_a_name_after_a_verb_and_a_preposition_is_not_a_subject(extract):
    body = (
        "Lucy Fenwick joined the firm in 1990. Fenwick worked with Daniel Morton on the bridge for"
        " years.\n\n"
        "“We never once argued about money,” she said."
    )
    assert quotes_of(extract, body) == [("We never once argued about money,", "Lucy Fenwick")]


def test_a_quote_paragraph_continues_the_attributed_quote_ending_the_paragraph_before(extract):
    body = (
        "“The audit shows how little the board knew,” said Marian Holt, a Democrat from Ohio who"
        " chairs the oversight panel.\n\n"
        "“Its attempt to avoid oversight is a serious matter.”\n\n"
        "“Where were the minutes?” asked Peter Quill.\n\n"
        "“They were never written down by anyone.”"
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == [
        "Marian Holt",
        "Marian Holt",
        "Peter Quill",
        None,
    ]


def test_a_cue_opening_the_sentence_names_the_speaker_after_it(extract):
    body = (
        "Said Roger Lindqvist, who has chaired the board since 2009, “So I think it is a very real"
        " problem for us.”"
    )
    assert quotes_of(extract, body) == [("So I think it is a very real problem for us.", "Roger Lindqvist")]


def test_an_attribution_closing_the_sentence_after_a_partial_quote(extract):
    body = (
        "“He can claim it, but it seems extremely unlikely” that the senator can win the state, said"
        " Stella Marquand, a strategist for the party.\n\n"
        "“Boots on the ground” would be the right answer, Republican candidate Owen Fairlie said"
        " after the attacks."
    )
    assert quotes_of(extract, body) == [
        ("He can claim it, but it seems extremely unlikely", "Stella Marquand"),
        ("Boots on the ground", "Owen Fairlie"),
    ]


def test_as_someone_put_it_names_the_speaker(extract):
    body = "As the columnist Dana Whitfield puts it, “the council is unmoved and the voters are uninspired.”"
    assert quotes_of(extract, body) == [
        ("the council is unmoved and the voters are uninspired.", "Dana Whitfield")
    ]


def test_a_title_with_the_sentences_comma_or_period_inside_the_marks_is_not_a_quote(extract):
    body = (
        "“We will not resign,” Tom Bradwell said on “Harbour Talk Tonight.” His producer helped"
        " revive “Lantern Street,” the series that went off the air in 1990."
    )
    assert quotes_of(extract, body) == [("We will not resign,", "Tom Bradwell")]


def test_who_after_a_name_makes_that_name_the_speaker(extract):
    body = (
        "Mr. Dalton Reese, who has called the mayor's remarks “racially toxic,” portrayed the vote"
        " as a passing affliction."
    )
    assert quotes_of(extract, body) == [("racially toxic,", "Dalton Reese")]


def test_the_passive_subject_of_the_verb_a_cue_hangs_from_is_the_speaker(extract):
    body = (
        "By the end of the day, Mr. Kurt Halvorsen was forced into a rare retreat and said that his"
        " words had been “badly misconstrued by the press.”"
    )
    assert quotes_of(extract, body) == [("badly misconstrued by the press.", "Kurt Halvorsen")]


def test_a_name_after_said_and_a_verb_is_no_subject_for_he(extract):
    body = (
        "Mr. Tobin Marsh said having Mr. Ulric Vance on the board was good for the town.\n\n"
        "“We get along very well, whatever people say,” he said."
    )
    assert quotes_of(extract, body) == [("We get along very well, whatever people say,", "Tobin Marsh")]


def test_a_pronoun_in_the_sentence_of_a_mention_that_is_no_subject_tells_the_gender(extract):
    body = (
        "Ida Marsh ran the county office for a decade.\n\n"
        "The party chose Karl Jensen, though he had never run for anything. Voters warmed to Karl"
        " Jensen because he is young. Jensen now leads the ticket.\n\n"
        "“We will win the county by a mile,” she said."
    )
    assert quotes_of(extract, body) == [("We will win the county by a mile,", "Ida Marsh")]


def test_a_name_qualifying_a_supporter_is_not_the_speaker(extract):
    body = (
        "“She does not even care any more,” wrote one Hollister supporter after Wade Hollister"
        " lost the state."
    )
    assert quotes_of(extract, body) == [("She does not even care any more,", None)]


def test_a_partial_quote_of_four_words_is_speech_without_a_cue_in_its_sentence(extract):
    body = (
        "Jane Roe knocked a complaint by the port authority that an “unreasonable amount of paperwork” "
        "was needed."
    )
    assert quotes_of(extract, body) == [("unreasonable amount of paperwork", "Jane Roe")]


def test_a_quoted_predicate_after_a_form_of_be_is_a_quote(extract):
    body = (
        "Inspectors looked at the ferry records. The inspectors found that the records were "
        "“extremely careless.”"
    )
    assert quotes_of(extract, body) == [("extremely careless.", None)]


def test_a_term_introduced_as_so_called_is_no_quote_whatever_its_length(extract):
    body = (
        "The council has adopted the so-called “harbour plan of the century” without a vote. The "
        "campaign avoided the loaded term, “tax on every harbour user,” in its leaflets."
    )
    assert quotes_of(extract, body) == []


def test_a_partial_quote_after_a_sentence_of_reported_speech_is_its_speakers(extract):
    body = (
        "The complaints about the ferries are wrong, Ms Roe says.\n\n"
        "There are “no big differences in waiting times” between the two ports."
    )
    assert quotes_of(extract, body) == [("no big differences in waiting times", "Roe")]


def test_doubled_apostrophes_open_a_quote_after_a_bracket(extract):
    body = "Mr. Tom Hardwick ran the port for years. (''We finished the job we were hired to do,'' he said.)"
    assert quotes_of(extract, body) == [("We finished the job we were hired to do,", "Tom Hardwick")]


def test_a_title_with_a_lowercase_with_is_no_quote(extract):
    body = "Jane Roe said on “The Hour with Sam Lee,” that the port would close."
    assert quotes_of(extract, body) == []


def test_which_after_a_name_and_its_bracketed_acronym_makes_that_name_the_speaker(extract):
    body = (
        "The council faces two challenges - one from the Ferry Users Group (FUG) and the other from the "
        'Harbour Pilots Association (HPA), which has attacked the plan as a "bad piece of work". Fares rose.'
    )
    assert quotes_of(extract, body) == [("bad piece of work", "Harbour Pilots Association")]


def test_a_short_partial_quote_after_a_cue_is_a_quote_though_no_one_is_named(extract):
    body = "Critics of the port have long called the new fees “punitive” and worse."
    assert quotes_of(extract, body) == [("punitive", None)]


def test_a_sentence_whose_cue_names_no_one_gives_its_partial_quote_no_earlier_speaker(extract):
    body = (
        "The files were deleted, Jane Roe said. But a council spokeswoman said the move was not about "
        "“the destruction of important records” at all."
    )
    assert quotes_of(extract, body) == [("the destruction of important records", None)]


def test_a_persons_gender_comes_from_their_mentions_as_subject_first(extract):
    # "Corrigan for his …": the pronoun after a mention that is no subject is often someone else's
    body = (
        "Pete Lowry, the organiser, spoke first.\n\n"
        "Tom Hadley criticised Corrigan for his own reasons. Voters compared Corrigan to his rival."
        " Ann Corrigan said she would run for the harbour board.\n\n"
        "“We will win the harbour vote,” she said."
    )
    assert quotes_of(extract, body)[-1] == ("We will win the harbour vote,", "Ann Corrigan")


def test_a_name_opening_the_reported_clause_after_a_cue_is_no_subject_for_he(extract):
    body = (
        "Dan Pryor endorsed the mayor on Thursday.\n\n"
        "Pryor says Tom Reyes “has a record of bringing people together.” He warns that the"
        " rival plan would “drive the harbour board off the cliff.”"
    )
    assert quotes_of(extract, body)[-1] == ("drive the harbour board off the cliff.", "Dan Pryor")


def test_the_name_before_a_passive_cue_is_no_subject(extract):
    body = (
        "Helen Vance, the former senator, drew a contrast, saying that worries raised by Alan"
        " Kruger, the economist, were not to be dismissed.\n\n"
        "“I take what Alan Kruger said seriously,” she said."
    )
    assert quotes_of(extract, body) == [("I take what Alan Kruger said seriously,", "Helen Vance")]


def test_a_surname_tagged_as_an_organisation_is_the_person_of_that_surname():
    from archive.extract.actors import ORGANISATION, PERSON, Mention
    from archive.extract.quotes import surnames_tagged_as_organisations

    def mention(start, text, kind):
        return Mention(start, start + len(text), text, kind, text, canonical=text)

    mentions = [
        mention(0, "Dale Hurst", PERSON),
        mention(40, "Hurst", ORGANISATION),  # what the model does to "Hurst said" now and then
        mention(80, "Hurst Foundation", ORGANISATION),
    ]
    surnames_tagged_as_organisations(" " * 100, mentions)
    assert [(m.kind, m.canonical) for m in mentions] == [
        (PERSON, "Dale Hurst"),
        (PERSON, "Dale Hurst"),
        (ORGANISATION, "Hurst Foundation"),
    ]


def test_a_paragraph_ending_with_a_colon_introduces_the_quote_paragraph_after_it(extract):
    body = (
        "The rally ended late. Retired nurse Martha Fielding said of the candidates:\n\n"
        "“He speaks his mind, and I think that might be what the country needs right now.”"
    )
    assert quotes_of(extract, body) == [
        ("He speaks his mind, and I think that might be what the country needs right now.", "Martha Fielding")
    ]


def test_a_quote_paragraph_after_a_quote_told_to_someone_continues_its_speaker(extract):
    body = (
        "“We will not isolate anyone in the region,” Carter told the forum, a regional security"
        " meeting in Singapore.\n\n"
        "“The United States will remain the main underwriter of security in the region.”"
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == ["Carter", "Carter"]


def test_a_description_is_the_person_introduced_so_that_the_text_was_last_about(extract):
    body = (
        "President Dana Whitfield opened the summit. Harbour Board President Tom Keller praised"
        " the deal. Whitfield said the accord would send a powerful signal.\n\n"
        "The president also said that the town would have “cleaner air and cleaner water for"
        " our grandchildren.”"
    )
    assert quotes_of(extract, body)[-1][1] == "Dana Whitfield"


def test_honorifics_of_both_genders_tell_a_family_apart(extract):
    body = (
        "Jane Ricker is shaping the role her husband, Hal Ricker, would play on the board.\n\n"
        "Mrs. Ricker told voters that Mr. Ricker would lead the harbour plan. “We will rebuild"
        " the old harbour,” Mrs. Ricker said."
    )
    assert quotes_of(extract, body)[-1] == ("We will rebuild the old harbour,", "Jane Ricker")


def test_a_subject_after_a_long_opening_phrase_is_who_he_refers_to(extract):
    body = (
        "Tom Garvey and Carl Benson spoke at rallies. Mr. Benson declared on Sunday that it was a"
        " suspension of intellect.\n\n"
        "The day before, at a rally in Beaumont, Tex., Mr. Garvey was just as blunt. “You would"
        " have to be insane to let them in,” he said."
    )
    assert quotes_of(extract, body)[-1] == ("You would have to be insane to let them in,", "Tom Garvey")


def test_a_subject_after_an_opening_phrase_ending_with_a_quoted_title(extract):
    body = (
        "Mr. Carl Benson spoke first.\n\n"
        "Later on ''Harbour Week,'' Senator Tom Garvey questioned Mr. Benson's account. He called"
        " the plan “a pathological misreading of the harbour's needs.”"
    )
    assert quotes_of(extract, body)[-1][1] == "Tom Garvey"


def test_a_verb_of_manner_before_a_comma_names_the_speaker_not_an_earlier_cue(extract):
    body = (
        "After Tom Garvey criticized the plan in a debate, Jane Corrigan shot back, “I could have"
        " stayed home, but I chose to fight for the harbour.”"
    )
    assert quotes_of(extract, body) == [
        ("I could have stayed home, but I chose to fight for the harbour.", "Jane Corrigan")
    ]


def test_a_subject_after_an_opening_phrase_longer_than_the_old_window(extract):
    body = (
        "Jane Corrigan spoke first.\n\n"
        "After a long argument about the harbour plan, at the council meeting in Dover, on Monday,"
        " Ida Brandt took the floor. “We will not sell the harbour,” she said."
    )
    assert quotes_of(extract, body)[-1] == ("We will not sell the harbour,", "Ida Brandt")


def test_a_statement_issued_before_the_quote_names_its_speaker(extract):
    body = "After the storm, Jane Corrigan issued a statement: “The harbour will open again on Monday.”"
    assert quotes_of(extract, body) == [("The harbour will open again on Monday.", "Jane Corrigan")]


def test_tweeting_is_a_cue(extract):
    body = (
        "Tom Garvey answered the rumours by tweeting that “I am under a strict agreement with the"
        " harbour board.”"
    )
    assert quotes_of(extract, body)[-1][1] == "Tom Garvey"


def test_a_rank_and_an_ordinal_before_the_name_after_an_inverted_cue(extract):
    body = (
        "“I really do not understand how nobody better ran,” said Air Force 1st Lt. Tyler Marsh."
        " “The military perspective is far away.”"
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == ["Tyler Marsh", "Tyler Marsh"]


def test_a_name_qualifying_a_role_before_another_name_is_not_the_speaker(extract):
    body = (
        "Tom Garvey toured the harbour. “Anyone who ignores the harbour rules puts us at risk,” said"
        " Garvey constituent Dan Holloway when asked about the plan."
    )
    assert quotes_of(extract, body) == [
        ("Anyone who ignores the harbour rules puts us at risk,", "Dan Holloway")
    ]


def test_two_speakers_named_together_are_credited_to_the_first(extract):
    body = (
        "“The ferries would sail faster with the new engines,” harbour experts David Alder and"
        " Serena Kell of Dover's Institute for Marine Science wrote."
    )
    assert quotes_of(extract, body) == [
        ("The ferries would sail faster with the new engines,", "David Alder")
    ]


def test_a_pull_quote_after_a_horizontal_bar_names_the_speaker(extract):
    body = (
        "Readers wrote in about the harbour.\n\n"
        "“The ferries are late every single morning and nobody answers.” ― Carla Sanchez\n\n"
        "“I am ashamed of how the board treats the fishermen.”― Maria Lopez."
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == ["Carla Sanchez", "Maria Lopez"]


def test_a_headline_verb_fused_after_a_surname_is_not_part_of_a_name(extract):
    body = (
        "Kowalski Calls On Governor To Resign.\n\nAfter the flood, Anna Kowalski was calling for change."
        "\n\nKowalski said the response had been too slow.\n\n“The governor failed this town,” Kowalski said."
    )
    assert quotes_of(extract, body) == [("The governor failed this town,", "Anna Kowalski")]


def test_a_fronted_cue_is_not_fused_into_the_speakers_name(extract):
    body = (
        "Dana Garvey runs the clinic on Fenwick Street. She opened it in 2009.\n\n"
        "“There is no waiting list,” Garvey said.\n\nStated Garvey: “We turn nobody away, and we never will.”"
    )
    assert quotes_of(extract, body) == [
        ("There is no waiting list,", "Dana Garvey"),
        ("We turn nobody away, and we never will.", "Dana Garvey"),
    ]


def test_a_speech_verb_after_a_preposition_speaks_for_the_verb_it_hangs_from(extract):
    body = (
        "Lena Ostrowski is the mayor of Harwick.\n\nOn the eve of her third election as mayor in March, "
        "Ostrowski rallied supporters by warning that “the old mill will close for good” and that "
        "“the town cannot wait another year.”"
    )
    assert quotes_of(extract, body) == [
        ("the old mill will close for good", "Lena Ostrowski"),
        ("the town cannot wait another year.", "Lena Ostrowski"),
    ]


def test_according_to_after_the_quote_names_the_speaker(extract):
    body = (
        "Officials met on Monday.\n\n“The evidence cannot prove all the elements of the crime,” "
        "according to Dave Pellman, the county attorney."
    )
    assert quotes_of(extract, body) == [
        ("The evidence cannot prove all the elements of the crime,", "Dave Pellman")
    ]


def test_according_to_a_document_names_who_filed_it(extract):
    body = (
        "Officials met on Monday.\n\n“The evidence cannot prove all the elements of the crime,” "
        "according to a court document filed by county attorney Dave Pellman."
    )
    assert quotes_of(extract, body) == [
        ("The evidence cannot prove all the elements of the crime,", "Dave Pellman")
    ]


def test_a_name_set_off_after_a_role_that_follows_an_inverted_cue_is_the_speaker(extract):
    body = (
        "Struggling to survive, Jeb Rowan and Marco Lint are racing to bank votes.\n\n“We are treating "
        "March as one long Election Day,” said Lint’s deputy campaign manager, Rich Bellamy, who ran the "
        "ground game."
    )
    assert quotes_of(extract, body) == [("We are treating March as one long Election Day,", "Rich Bellamy")]


def test_a_short_chant_is_a_quote_not_a_scare_quote(extract):
    body = "The crowd at the harbour rally broke into chants of “Close the port!” as Jane Roe spoke."
    assert [text for text, _ in quotes_of(extract, body)] == ["Close the port!"]


def test_a_pronoun_after_a_cue_is_the_person_opening_its_own_sentence(extract):
    body = (
        "Harbour master Tom Bradwell warned that the pier was failing.\n\n"
        "Greta Pemberton, the head of the port authority, said on Monday that the repairs were "
        "late, which she called “a disgrace for the town.”"
    )
    assert quotes_of(extract, body) == [("a disgrace for the town.", "Greta Pemberton")]


def test_a_name_inside_a_relative_clause_does_not_take_a_pronoun(extract):
    body = (
        "Harbour master Tom Bradwell warned that the pier was failing.\n\n"
        "Mayor Ed Quarles, who had praised Bradwell, was blunter in his remarks - what he called "
        "“a reckoning for the town.”"
    )
    assert quotes_of(extract, body) == [("a reckoning for the town.", "Ed Quarles")]


def test_a_pronoun_inside_a_quote_tells_no_gender_of_the_speaker(extract):
    body = (
        "Harbour master Ed Quarles opened the meeting.\n\n"
        "Tom Bradwell said, “she has run the port for a decade.”\n\n"
        "“We will keep the pier open,” he said."
    )
    assert quotes_of(extract, body)[-1] == ("We will keep the pier open,", "Tom Bradwell")


def test_a_possessive_after_a_final_s_is_no_subject_for_a_pronoun(extract):
    body = (
        "Tom Bradwell spoke after the vote. Bradwell said the mayor had said Ed Quarles’ plan would "
        "fail.\n\nHe said the town would “regret it for many years.”"
    )
    assert quotes_of(extract, body) == [("regret it for many years.", "Tom Bradwell")]


def test_a_role_of_capitalised_and_lowercase_words_before_a_subject(extract):
    body = (
        "Ed Quarles said the pier was failing.\n\n"
        "Speaking in Dover, Kent Harbour Board spokesman Tom Bradwell repeated that the pier was safe.\n\n"
        "“Nobody has been hurt,” he told reporters."
    )
    assert quotes_of(extract, body) == [("Nobody has been hurt,", "Tom Bradwell")]


def test_a_long_participle_clause_may_open_the_sentence_before_its_subject(extract):
    body = (
        "Ed Quarles said the pier was failing.\n\n"
        "Having lost his own race for the harbour board and facing a recount in the county, "
        "Tom Bradwell gave the meeting his all.\n\n"
        "“Nobody has been hurt,” he told reporters."
    )
    assert quotes_of(extract, body) == [("Nobody has been hurt,", "Tom Bradwell")]


def test_a_dash_after_a_quote_inside_a_sentence_names_no_pull_quote_speaker(extract):
    body = (
        "Tom Bradwell spoke on Monday. He argued that “every member of the harbour board” - "
        "including Mayor Ed Quarles - had backed the pier."
    )
    assert quotes_of(extract, body) == [("every member of the harbour board", "Tom Bradwell")]


def test_a_month_abbreviation_ends_no_sentence(extract):
    body = (
        "Tom Bradwell spoke at the harbour. He added that the repairs after the Sept. 11 storm were "
        "like saying the board had “finished the job before it even started.”"
    )
    assert quotes_of(extract, body) == [("finished the job before it even started.", "Tom Bradwell")]


def test_a_name_after_a_preposition_and_an_honorific_is_no_speaker(extract):
    body = (
        "Tom Bradwell met Ed Quarles on Monday.\n\nThe issue came up after Mr. Bradwell, asked about "
        "the losses under Mr. Quarles, had said, “Our town does plenty of fishing also.”"
    )
    assert quotes_of(extract, body) == [("Our town does plenty of fishing also.", "Tom Bradwell")]


def test_a_title_with_of_before_a_name_is_no_preposition(extract):
    body = (
        "Ed Quarles spoke first.\n\nOn Tuesday, Secretary of the Harbour Board Tom Bradwell said "
        "“the pier is safe for every boat in the town.”"
    )
    assert quotes_of(extract, body) == [("the pier is safe for every boat in the town.", "Tom Bradwell")]


def test_a_role_before_a_subject_may_hold_a_state_in_brackets(extract):
    body = (
        "Ed Quarles spoke first.\n\nLater, Marion County (Ala.) Sheriff Tom Bradwell, a critic of the "
        "plan, backed the pier.\n\nHe said, “The pier will hold.”"
    )
    assert quotes_of(extract, body) == [("The pier will hold.", "Tom Bradwell")]


def test_a_fact_check_byline_paragraph_names_the_quote_above(extract):
    body = (
        "Tom Bradwell and Jane Roe debated the harbour plan on Monday.\n\n"
        "“The pier will cost less than the ferry ever did.”\n\n"
        "— Jane Roe, on Monday.\n\n"
        "The figures say otherwise."
    )
    assert quotes_of(extract, body) == [("The pier will cost less than the ferry ever did.", "Jane Roe")]


def test_a_dashed_list_item_after_a_quote_names_no_speaker(extract):
    body = "“The pier will cost less than the ferry ever did.”\n\n- Jane Roe won the harbour vote."
    assert quotes_of(extract, body) == [("The pier will cost less than the ferry ever did.", None)]


def test_a_number_sign_ends_no_sentence(extract):
    body = (
        "Ed Quarles spoke first. As Jane Roe, the No. 2 on the harbour board, put it: “The pier "
        "will not be built.”"
    )
    assert quotes_of(extract, body) == [("The pier will not be built.", "Jane Roe")]


def test_a_surname_the_model_missed_between_a_quote_and_its_cue_speaks(extract):
    body = (
        'Voters put a priority on a candidate who would "speak plainly"; most of them opted for the '
        'mayor.\n\n"They took his slogan and gave it to the mayor," Dorn said.'
    )
    assert quotes_of(extract, body)[-1] == ("They took his slogan and gave it to the mayor,", "Dorn")


def test_a_common_word_between_a_quote_and_its_cue_is_no_speaker(extract):
    body = 'The critics of the pier plan met.\n\n"They took the money," Critics said.'
    assert quotes_of(extract, body) == [("They took the money,", None)]


def test_a_shared_surname_followed_by_she_is_the_woman_of_the_two(extract):
    body = (
        "Tom Roe spoke at the harbour on Monday, and he praised the pier.\n\n"
        "Tom Roe left for the city later.\n\n"
        "Jane Roe runs the ferry company.\n\n"
        "On Tuesday, Roe said she would keep the ferries running. “We will sail every day,” Roe said."
    )
    assert quotes_of(extract, body) == [("We will sail every day,", "Jane Roe")]


def test_a_shared_surname_is_not_given_to_someone_named_mostly_as_a_possessive(extract):
    body = (
        "Jane Roe opened the harbour debate on Monday.\n\n"
        "Tom Roe's ferry company and Tom Roe's pier were discussed at length.\n\n"
        "Later Roe attacked the plan. “It will sink,” Roe said."
    )
    assert quotes_of(extract, body) == [("It will sink,", "Jane Roe")]


def test_a_description_finds_the_person_introduced_with_its_abbreviated_title(extract):
    body = (
        "Mayor Ed Quarles spoke first.\n\nSen. Jane Roe on Wednesday also called for a new pier.\n\n"
        "Tom Doe, the harbour master, agreed with the plan.\n\n"
        '"The pier is failing," the senator told the Ledger.'
    )
    assert quotes_of(extract, body) == [("The pier is failing,", "Jane Roe")]


def test_a_description_of_two_coordinated_roles_names_the_person_of_either(extract):
    body = (
        "Mayor Ed Quarles spoke first.\n\nSen. Jane Roe on Wednesday also called for a new pier.\n\n"
        "Tom Doe, the harbour master, agreed with the plan.\n\n"
        '"The pier is failing," the independent Vermont senator and presidential candidate told the Ledger.'
    )
    assert quotes_of(extract, body) == [("The pier is failing,", "Jane Roe")]


def test_the_quote_after_a_question_is_the_answer_of_the_person_asked(extract):
    body = (
        "Jane Roe met the mayor on Monday.\n\n"
        "Roe asked Ed Quarles whether the pier was safe. “It is perfectly safe,” he said."
    )
    assert quotes_of(extract, body) == [("It is perfectly safe,", "Ed Quarles")]


def test_the_quote_after_a_request_is_not_the_answer_of_the_person_asked(extract):
    body = (
        "Tom Roe met the mayor on Monday.\n\n"
        "Roe asked Ed Quarles to close the pier. “It is not safe,” he said."
    )
    assert quotes_of(extract, body) == [("It is not safe,", "Tom Roe")]


def test_a_quote_handed_to_an_unnamed_speaker_takes_no_speaker_from_around_it(extract):
    body = (
        "Tom Roe remains fourth in most polls of the state.\n\n"
        "“There is no data to suggest that,” said one Republican strategist."
    )
    assert quotes_of(extract, body) == [("There is no data to suggest that,", None)]


def test_a_description_after_an_inverted_cue_is_the_person_introduced_so(extract):
    body = (
        "Tom Doe spoke on Monday.\n\nSen. Ed Quarles said the pier would test it. Tom Doe disagreed.\n\n"
        "“Certainly the mayor has gone the other way,” said the former senator."
    )
    assert quotes_of(extract, body) == [("Certainly the mayor has gone the other way,", "Ed Quarles")]


def test_a_party_word_as_a_role_after_an_inverted_cue_reaches_the_speaker(extract):
    body = "The vote was close.\n\n“The board is unloading on us,” said ranking Democrat Tom Aldane."
    assert quotes_of(extract, body) == [("The board is unloading on us,", "Tom Aldane")]


def test_a_subject_after_but_and_a_possessive_role_is_who_he_refers_to(extract):
    body = (
        "Ed Quarles runs the harbour board.\n\nMs. Jane Roe avoids the subject with her mother, but "
        "their neighbor Tom Doe, 83, knows just what the town needs. “It will take a storm to fix "
        "this,” he said."
    )
    assert quotes_of(extract, body) == [("It will take a storm to fix this,", "Tom Doe")]


def test_a_surname_the_model_missed_after_doubled_apostrophes_and_writes_speaks(extract):
    body = (
        "The harbour novel follows a pilot.\n\n"
        "''My eyes well up and we sit there for a moment,'' Dorn writes in what is presented as her memoir."
    )
    assert quotes_of(extract, body) == [("My eyes well up and we sit there for a moment,", "Dorn")]


def test_a_quote_after_from_a_persons_post_is_theirs(extract):
    body = (
        "Tom Doe endorsed the harbour plan on Wednesday.\n\nAides say the former governor plans to "
        "back it. From Doe's Facebook post: “For the sake of our town, we must build the pier.”"
    )
    assert quotes_of(extract, body) == [("For the sake of our town, we must build the pier.", "Tom Doe")]


def test_an_object_pronoun_after_a_subject_tells_no_gender_of_the_subject(extract):
    # "Tom Bradwell phoned her": the object of his verb is someone else, so he is no woman
    body = (
        "Pete Lowry, the organiser, spoke first.\n\n"
        "Ida Marsh said she would run the harbour board.\n\n"
        "Tom Bradwell phoned her about the pier.\n\n"
        "“We will keep the pier open,” he said."
    )
    assert quotes_of(extract, body)[-1] == ("We will keep the pier open,", "Tom Bradwell")


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a verb of manner after a quote that hands over may take an adverbial or an object
        ("Ruth Ambler chairs the board.\n\n“We will keep the pier,” Ambler fumed on Tuesday.", "Ruth Ambler"),
        (
            "“Your plan is a fine one,” Ruth Ambler assured Tom Doyle, after Doyle had spoken.",
            "Ruth Ambler",
        ),
        ("“Go back to your seat,” Tom Doyle barked and a guard led the man out.", "Tom Doyle"),
    ],
)
def test_a_verb_of_manner_after_a_quote_may_take_an_adverbial_or_an_object(extract, body, speaker):
    assert quotes_of(extract, body)[0][1] == speaker


def test_a_surname_the_model_missed_before_a_verb_of_manner_is_the_speaker(extract):
    body = "“If they were serious, they would have backed the bill,” Toomey fumed on Tuesday."
    assert quotes_of(extract, body) == [("If they were serious, they would have backed the bill,", "Toomey")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # a participle phrase set off by commas stands between a subject and its cue
        (
            "Sen. Ruth Ambler (D-Ore.), noting the size of the crowd, said, “We have a heck of a list.”",
            "Ruth Ambler",
        ),
        ("Ruth Ambler, exasperated, famously responded: “What difference does it make?”", "Ruth Ambler"),
        # and a name inside it is no subject
        ("Ruth Ambler, joined by Tom Doyle, said: “We will win the harbour vote.”", "Ruth Ambler"),
    ],
)
def test_a_participle_phrase_may_stand_between_a_subject_and_its_cue(extract, body, speaker):
    assert quotes_of(extract, body)[0][1] == speaker


@pytest.mark.parametrize(
    "body",
    [
        # a name after a preposition in the subject's appositive or relative clause is not the
        # subject of the cue that follows it, so he/she later goes to the subject
        "Still, Tom Doyle, a senior adviser to Mr. Ben Harker, said on Tuesday that the harbour would "
        "stay open. “We will be upfront about that,” he said.",
        "Of the mayor, Tom Doyle, who has given money to Ben Harker, said the plan was sound.\n\n"
        "As for the ferry, Doyle found it slow. “I needed a boat to dip,” he said.",
    ],
)
def test_a_name_after_a_preposition_is_not_the_subject_of_the_cue(extract, body):
    assert quotes_of(extract, body)[-1][1] == "Tom Doyle"


def test_a_party_tag_set_off_by_commas_stands_between_a_name_and_its_cue(extract):
    body = (
        "The harbour vote came late. “Let me make it perfectly clear,” Senate Majority Leader Ruth "
        "Ambler, R-Ore., said. “That is not the view of the pilots.”"
    )
    assert [speaker for _, speaker in quotes_of(extract, body)] == ["Ruth Ambler", "Ruth Ambler"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Doyle hopes Ruth Ambler and other councillors do not make the same mistake, even as he "
        "understands the cost.",
        "Doyle repeated that view in an interview last week, saying Ruth Ambler was committed to it.",
    ],
)
def test_a_name_after_a_present_tense_verb_or_a_participle_does_not_open_the_sentence(extract, sentence):
    body = (
        "“We need more ferries,” said Tom Doyle, a harbour economist.\n\n"
        f"{sentence}\n\n“I wish Ambler had chosen better,” he concluded."
    )
    assert quotes_of(extract, body)[-1] == ("I wish Ambler had chosen better,", "Tom Doyle")


def test_a_name_tagged_as_a_person_before_a_title_and_a_name_only_qualifies_them():
    from archive.extract.actors import ORGANISATION, PERSON, ArticleActors, Mention
    from archive.extract.quotes import first_named

    body = "“No,” said House Speaker Tom Doyle in a statement."
    named = [("House", PERSON), ("Tom Doyle", PERSON)]  # the model typed "House" a person
    mentions = [Mention(body.index(n), body.index(n) + len(n), n, k, n, canonical=n) for n, k in named]
    actors = ArticleActors(body=body, mentions=mentions)
    start = body.index("House")
    assert first_named(actors, start, len(body) - 1, start).text == "Tom Doyle"
    mentions[0].kind = ORGANISATION
    assert first_named(actors, start, len(body) - 1, start).text == "Tom Doyle"


def test_he_or_she_with_no_subject_near_is_the_person_the_article_is_about():
    from archive.extract.actors import PERSON, ArticleActors, Mention
    from archive.extract.quotes import most_recent_person

    # neither name is a subject (a long opening phrase, a quoted title); the article is about Ambler
    body = (
        "At the “Hard Hats” event, Ambler came. At the “Ferry” event, Ambler came. At the “Pier” event, "
        "Ambler came. At the “Dock” event with Mayor Tom Doyle, Ambler came. “Here,” she told them."
    )
    mentions = []
    for name, canonical in [("Ambler", "Ruth Ambler")] * 3 + [
        ("Tom Doyle", "Tom Doyle"),
        ("Ambler", "Ruth Ambler"),
    ]:
        start = body.index(name, mentions[-1].end if mentions else 0)
        mentions.append(Mention(start, start + len(name), name, PERSON, name, canonical=canonical))
    actors = ArticleActors(body=body, mentions=mentions)
    assert most_recent_person(actors, body.index("“Here")).canonical == "Ruth Ambler"


def test_an_inverted_cue_after_the_writers_own_clause_names_the_speaker(extract):
    body = (
        "The court has split often.\n\n"
        "“The stakes could hardly be higher,” since most cases were decided by one vote, said Jane Roe, "
        "who teaches law in Ohio."
    )
    assert quotes_of(extract, body) == [("The stakes could hardly be higher,", "Jane Roe")]


@pytest.mark.parametrize("reporter", ["its reporter Jim Roe", "the paper's Jim Roe"])
def test_a_subject_inside_a_that_clause_is_not_whom_he_refers_to(extract, reporter):
    body = (
        f"Tom Doe turned on the paper, pointing out that {reporter} had reported in June "
        "that the campaign was failing. He hoped the paper would stop.\n\n"
        "“It has not,” he said."
    )
    assert quotes_of(extract, body) == [("It has not,", "Tom Doe")]


def test_a_participle_cue_after_a_finite_one_keeps_its_speaker(extract):
    body = "Tom Doe and Jim Roe will meet next week, Jane Poe said on Monday, adding, “They need to talk.”"
    assert quotes_of(extract, body) == [("They need to talk.", "Jane Poe")]


def test_a_quoted_title_inside_the_speakers_appositive_neither_ends_the_sentence_nor_speaks(extract):
    body = (
        "“We will win this,” said Jane Roe, the mayor.\n\n"
        "As Tom Doe, the author of “The Long Road,” put it, “Nobody wins a war like this one.”"
    )
    assert quotes_of(extract, body) == [
        ("We will win this,", "Jane Roe"),
        ("Nobody wins a war like this one.", "Tom Doe"),
    ]


def test_a_one_word_quote_with_its_own_speaker_hands_it_to_the_next(extract):
    body = "“Safety,” said Jane Roe, a nurse. “Safety for the whole country.”"
    assert quotes_of(extract, body) == [("Safety for the whole country.", "Jane Roe")]


def test_she_went_on_after_a_quote_is_a_cue(extract):
    body = (
        "Jane Roe spoke about the plan with Tom Doe on Monday. He had set out his own plan.\n\n"
        "“It would end all the kinds of care we know,” she went on."
    )
    assert quotes_of(extract, body) == [("It would end all the kinds of care we know,", "Jane Roe")]


def test_he_or_she_with_no_subject_goes_to_the_only_person_named_in_the_paragraphs_before(extract):
    body = (
        "The look recalled the day Tom Doe backed Jim Poe in the primary.\n\n"
        "To Montclair State University political science professor Jane Roe, Doe’s stare seemed "
        "to reflect sadness.\n\n"
        "“It looked like heartbreak,” she said."
    )
    assert quotes_of(extract, body) == [("It looked like heartbreak,", "Jane Roe")]


def test_an_organisation_as_the_subject_before_a_colon_speaks(extract):
    body = (
        "The harbour dispute reached the courts in March.\n\n"
        "The Harbour Trust Foundation published a few figures of its own: “Nine in ten berths"
        " stood empty through the whole of last winter.”"
    )
    assert quotes_of(extract, body) == [
        ("Nine in ten berths stood empty through the whole of last winter.", "Harbour Trust Foundation")
    ]


def test_according_to_opening_the_sentence_names_the_speaker(extract):
    body = (
        "The ferry company won the contract in spring. According to Ida Marsh of Harbour Watch,"
        " “the company has been quietly cutting the night crossings since May.”"
    )
    assert quotes_of(extract, body) == [
        ("the company has been quietly cutting the night crossings since May.", "Ida Marsh")
    ]


def test_an_unnamed_description_after_the_cue_keeps_the_quote_from_the_people_around(extract):
    body = (
        "Senator Jane Roe said she expects the harbour bill to pass this autumn.\n\n"
        "“Nobody on the committee wants another winter of empty berths,” the source said.\n\n"
        "“It will be quick, whatever the board thinks of it,” his colleague wrote on Facebook."
    )
    assert quotes_of(extract, body) == [
        ("Nobody on the committee wants another winter of empty berths,", None),
        ("It will be quick, whatever the board thinks of it,", None),
    ]


def test_a_role_set_off_before_the_name_after_an_inverted_cue(extract):
    body = (
        "The ferry plan divided the town.\n\n"
        "“We are all anxious about the night crossings,” said another Twitter user, Ida Marsh.\n\n"
        "The council was “trying to look busy,” wrote the American ambassador at the time, Tom Poe."
    )
    assert quotes_of(extract, body) == [
        ("We are all anxious about the night crossings,", "Ida Marsh"),
        ("trying to look busy,", "Tom Poe"),
    ]


def test_a_bare_speaker_and_cue_after_a_quote_without_its_comma(extract):
    body = (
        "The harbour board met Jane Roe and Tom Poe on Monday.\n\n"
        "“Nobody wants another winter of empty berths at this harbour.” Roe said.\n\n"
        '"We met the owners twice about the berths" the board\'s senior engineer Tom Poe responded.'
    )
    assert quotes_of(extract, body) == [
        ("Nobody wants another winter of empty berths at this harbour.", "Jane Roe"),
        ("We met the owners twice about the berths", "Tom Poe"),
    ]


def test_confirming_decrying_and_characterising_verbs_quote_their_subject(extract):
    body = (
        "The harbour inquiry opened in March.\n\n"
        "In a letter to the court, the Harbour Trust Foundation confirmed that it was “reviewing every"
        " berth contract signed since 2010.” Later Jane Roe decried the “cosy deals of the last"
        " decade” at a meeting. The Daily Ledger characterized the contracts as “a gift to the owners"
        " of the yard.”"
    )
    assert quotes_of(extract, body) == [
        ("reviewing every berth contract signed since 2010.", "Harbour Trust Foundation"),
        ("cosy deals of the last decade", "Jane Roe"),
        ("a gift to the owners of the yard.", "Daily Ledger"),
    ]


def test_a_verb_of_manner_with_an_adverb_or_a_channel_after_it(extract):
    body = (
        "Tom Poe and Jane Roe spoke at the harbour on Monday.\n\n"
        "“Maybe the difference is the weather on the coast,” she wondered aloud, comparing herself"
        " with Mr. Poe.\n\n"
        "“Note to the owners: not one more berth,” Poe posted via Facebook and Twitter on Monday."
    )
    assert quotes_of(extract, body) == [
        ("Maybe the difference is the weather on the coast,", "Jane Roe"),
        ("Note to the owners: not one more berth,", "Tom Poe"),
    ]


def test_a_long_role_before_a_closing_name_and_cue(extract):
    body = (
        "The port's lawyers filed again on Tuesday.\n\n"
        '"If the board obtains more records, it intends to search them for contracts" that match the'
        " request, Harbour Trust senior trial counsel Jane Marie Roe wrote in a court filing."
    )
    assert quotes_of(extract, body) == [
        ("If the board obtains more records, it intends to search them for contracts", "Jane Marie Roe")
    ]


def test_he_or_she_opening_a_sentence_before_a_colon_speaks(extract):
    body = (
        "Jane Roe was booed by a few dockers at the rally.\n\n"
        "“We will keep every berth open,” Roe said.\n\n"
        "She then addressed the dockers again: “Here is what I regret. I regret you would not listen.”"
    )
    regret = "Here is what I regret. I regret you would not listen."
    assert quotes_of(extract, body)[1] == (regret, "Jane Roe")


def test_according_to_opening_a_sentence_quotes_across_its_clause(extract):
    body = (
        "Tom Poe and Jane Roe toured the harbour in May.\n\n"
        "According to Roe, she was once part of the so-called harbour club, but is now “the worst"
        " thing that ever happened to the club.”"
    )
    assert quotes_of(extract, body) == [("the worst thing that ever happened to the club.", "Jane Roe")]


def test_so_called_is_no_cue(extract):
    body = (
        "Jane Roe left the so-called harbour club on Monday.\n\n"
        "“We will win the berths back before the winter comes.”"
    )
    assert quotes_of(extract, body) == [("We will win the berths back before the winter comes.", "Jane Roe")]


def test_a_document_described_as_the_speaker_is_no_person(extract):
    body = (
        "Jane Roe filed suit against the harbour board on Friday.\n\n"
        "The board's cuts caused “severe, inexcusable burdens on the families of the dockers,” the"
        " lawsuit says. “Nothing will change until the berths reopen,” the ad says."
    )
    assert quotes_of(extract, body) == [
        ("severe, inexcusable burdens on the families of the dockers,", None),
        ("Nothing will change until the berths reopen,", None),
    ]


def test_a_speech_verb_on_the_object_of_a_verb_speaks_for_its_subject(extract):
    body = (
        "Jane Roe stayed away from the harbour on Monday.\n\n"
        "Hours later, she issued a statement calling on the board “to reopen every berth before"
        " the winter”.\n\nTom Poe went to the dock instead.\n\nAnd he made a point of saying the"
        " harbour “was a place of work for everyone in the town.”"
    )
    assert quotes_of(extract, body) == [
        ("to reopen every berth before the winter", "Jane Roe"),
        ("was a place of work for everyone in the town.", "Tom Poe"),
    ]


def test_a_given_name_outweighs_the_speakers_pronoun_after_a_quote_about_her(extract):
    # "Hillary Roe “…,” he said": the pronoun after her name is the speaker's, not hers
    body = (
        "Mark Doe spoke to voters in Ohio on Monday.\n\n"
        "Hillary Roe “left the harbour board in ruins,” he said."
    )
    assert quotes_of(extract, body) == [("left the harbour board in ruins,", "Mark Doe")]


def test_an_article_that_keeps_calling_a_name_another_gender_outweighs_the_given_name(extract):
    # a "Murphy" taken for Anne Murphy that the article calls "he" throughout is a man
    body = (
        "Anne Murphy taught at the school for years.\n\n"
        "Murphy said he would run again. Murphy said he would win. Tom Hale, a voter, was unsure.\n\n"
        "Murphy spoke last. “We will win the harbour vote,” he said."
    )
    assert quotes_of(extract, body)[-1] == ("We will win the harbour vote,", "Anne Murphy")


def test_a_state_abbreviation_in_an_appositive_keeps_the_name_the_subject_of_its_cue(extract):
    body = (
        "Jim Hale, the mayor, backed the harbour plan.\n\n"
        "“We will build the harbour,” Tom Reed, now 81 and retired in Boston, Mass., said by"
        " telephone.\n\n"
        "But he agreed that the cost was high. “Ports are tricky,” he said."
    )
    assert quotes_of(extract, body) == [
        ("We will build the harbour,", "Tom Reed"),
        ("Ports are tricky,", "Tom Reed"),
    ]


def test_a_name_after_an_irregular_verb_and_a_preposition_does_not_open_the_sentence(extract):
    # "Hale went after Doe": Doe is the object, not a subject after a role ("Aviation analyst Doe")
    body = (
        "Mark Doe spoke in Ohio on Monday.\n\n"
        "Tom Hale went after Doe at the debate, when he called the mayor “unhinged and reckless.”"
    )
    assert quotes_of(extract, body) == [("unhinged and reckless.", "Tom Hale")]


def test_a_name_after_a_preposition_opening_the_sentence_is_no_subject(extract):
    body = (
        "Dan Poe and Tom Reed run the paper. Poe, in particular, checks his phone all day."
        " Like Reed, their days begin at dawn.\n\n"
        "“We like to work,” he told me."
    )
    assert quotes_of(extract, body) == [("We like to work,", "Dan Poe")]


def test_a_cue_coordinated_after_a_name_in_the_object_is_the_subjects(extract):
    body = (
        "Jane Poe said the fund had nothing to hide.\n\n"
        "She was defending the fund against attacks from harbour board member Tom Reed, but admitted"
        " “one or two mistakes” in its accounts."
    )
    assert quotes_of(extract, body) == [("one or two mistakes", "Jane Poe")]


def test_the_owner_opening_a_sentence_is_who_a_later_pronoun_means(extract):
    body = (
        "Tom Reed, the sheriff, spoke on Monday.\n\n"
        "Jane Poe's posts about the harbour include one last week.\n\n"
        "“Come together and protect the harbour,” she wrote."
    )
    assert quotes_of(extract, body) == [("Come together and protect the harbour,", "Jane Poe")]


def test_an_owner_inside_an_appositive_is_no_owner_opening_the_sentence(extract):
    body = (
        "Dan Hale, Carson's longtime adviser, said the campaign would change.\n\n“We will win Iowa,” he said."
    )
    assert quotes_of(extract, body) == [("We will win Iowa,", "Dan Hale")]


def test_a_name_opening_a_subordinate_clause_is_no_subject_for_a_later_he(extract):
    body = (
        "Not all revivals are equal. Mr. Nevins said he backed the new series only because"
        " Mr. Lynch agreed to direct it. (“We persuaded the creators to finish it,” he said.)"
    )
    assert quotes_of(extract, body) == [("We persuaded the creators to finish it,", "Nevins")]


def test_a_name_opening_a_subordinate_clause_without_a_main_subject_stays_the_topic(extract):
    body = (
        "Ann Lowe spoke first.\n\n"
        "The idea came up in a debate in December, when Jane Poe called the mayor reckless."
        " She also said that “they are going to people with the videos.”"
    )
    assert quotes_of(extract, body) == [("they are going to people with the videos.", "Jane Poe")]


def test_a_given_name_tells_no_gender_for_a_surname_or_beside_a_relative_of_the_other_gender():
    assert given_name_gender("Bill Roe spoke to voters.", "Bill Roe") == "m"
    assert given_name_gender("Melanie spoke to voters.", "Melanie") == "f"
    assert given_name_gender("Sen. Warren spoke to voters.", "Warren") is None  # a surname
    # a bare "Roe" merged into Bill Roe may be Hillary's
    assert given_name_gender("Bill Roe and Hillary Roe spoke.", "Bill Roe") is None
    assert given_name_gender("Bill Roe and Tom Roe spoke.", "Bill Roe") == "m"
