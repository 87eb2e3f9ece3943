"""Named actors: titles stripped, short forms resolved within an article, junk filtered, roles read."""

import pytest

from tests.conftest import SEED_ONE
from tests.factories import seed_body


def actors_by_name(extract, body):
    actors, _ = extract(body)
    return {a.name: a for a in actors}


def people_in(extract, body):
    """The names of the persons found in `body`."""
    return {a.name for a in extract(body)[0] if a.kind == "person"}


def test_titles_and_short_forms_resolve_to_one_full_name(extract):
    body = (
        "Attorney General Jeff Sessions ordered prosecutors to act. Sessions said the policy was fair. "
        "Mr. Sessions later defended it."
    )
    actors = actors_by_name(extract, body)
    people = [a for a in actors.values() if a.kind == "person"]
    assert [p.name for p in people] == ["Jeff Sessions"]
    assert people[0].count == 3
    assert "Sessions" in people[0].aliases


def test_a_middle_name_alone_is_the_full_name(extract):
    body = (
        "Two women, Olga Esmeralda George and Marbel Yaneth Ramirez-Raudales, were charged. "
        "One of them, Yaneth, tried to turn herself in."
    )
    people = people_in(extract, body)
    assert people == {"Olga Esmeralda George", "Marbel Yaneth Ramirez-Raudales"}


def test_pronouns_and_lowercase_words_are_not_actors(extract):
    names = set(actors_by_name(extract, "He said she would go. Then they left on Monday."))
    assert not names & {"He", "She", "he", "she", "They", "Monday"}


def test_a_person_tag_with_an_organisation_word_is_an_organisation(extract):
    actors = actors_by_name(extract, "She told Border Patrol agents that she was afraid to return.")
    assert actors["Border Patrol"].kind == "organisation"


def test_appositive_gives_the_role(extract):
    body = (
        "“It just doesn’t add up,” said Alex Mensing — an organizer with Pueblos Sin Fronteras, which led it."
    )
    actors = actors_by_name(extract, body)
    assert actors["Alex Mensing"].description == "an organizer with Pueblos Sin Fronteras"
    assert actors["Pueblos Sin Fronteras"].kind == "organisation"


def test_a_title_in_front_gives_the_role_when_there_is_no_appositive(extract):
    actors = actors_by_name(extract, "Attorney General Jeff Sessions ordered prosecutors to act on Friday.")
    assert actors["Jeff Sessions"].description == "Attorney General"


def test_first_seed_people(extract):
    people = people_in(extract, seed_body(SEED_ONE))
    assert {
        "Jeff Sessions",
        "Eric Fish",
        "Marbel Yaneth Ramirez-Raudales",
        "Morena Mendoza Romaldo",
        "Eleanor Acer",
        "Alex Mensing",
        "Nicole Ramos",
    } <= people
    assert not people & {"Sessions", "Fish", "Yaneth", "Mendoza", "Ramos", "Border Patrol"}


def test_a_sentence_word_before_a_surname_is_no_first_name():
    from archive.extract.actors import PERSON, Mention, first_names_for_surnames

    body = "With Frostwick gone, the board met. Frostwick said little."
    surname = Mention(
        body.rindex("Frostwick"), len(body) - len(" said little."), "Frostwick", PERSON, "Frostwick"
    )
    assert first_names_for_surnames(body, [surname]) == []


def test_a_surname_found_alone_gets_the_first_name_the_text_gives(extract):
    body = (
        "BBC pundit Jonathan Edwards believes Phillips Idowu can take gold at the European Indoor "
        "Championships. Edwards himself kept Idowu off top spot at the Manchester games."
    )
    people = people_in(extract, body)
    assert "Phillips Idowu" in people and "Idowu" not in people


def test_a_one_word_name_seen_once_is_not_kept_as_a_person():
    from archive.extract.actors import is_doubtful_person
    from archive.records import RawActor

    assert is_doubtful_person(RawActor(name="Ryanair", kind="person", count=1))
    assert not is_doubtful_person(RawActor(name="Radcliffe", kind="person", count=2))
    assert not is_doubtful_person(RawActor(name="Hewitt", kind="person", count=1, aliases=["Ms Hewitt"]))


def test_case_variants_of_an_organisation_are_one_actor(extract):
    body = "The Labour Party met on Monday. Later the Labour party said it would fight the election."
    organisations = [a.name for a in extract(body)[0] if a.kind == "organisation"]
    assert organisations == ["Labour Party"]


def test_a_person_tag_on_an_acronym_or_event_name_is_an_organisation():
    from archive.extract.actors import is_person_like

    assert not is_person_like("QRV Bankhaus") and not is_person_like("FK Dornava")
    assert not is_person_like("Elder Concern") and not is_person_like("BXX Championships")
    assert not is_person_like("Air Pelmora")
    assert is_person_like("G.K. Pemberton") and is_person_like("Tomas J. Verlaine Jr.")
    assert is_person_like("Rashid al-Hamdani") and is_person_like("Émile Dufresne")


def test_an_organisation_cut_at_and_is_one_name(extract):
    body = "Under the rules, Customs and Border Protection must let the travellers in, officials said."
    organisations = {a.name for a in extract(body)[0] if a.kind == "organisation"}
    assert "Customs" not in organisations


def test_common_nouns_and_place_adjectives_are_not_organisations(extract):
    body = (
        "Prosecutors went to the U.S.-Mexico border, where Mexico had sent troops. Their lawyer wrote "
        "in a court filing: “The Court should not allow this.” Officials spoke of our Northeast Frontier."
    )
    names = {a.name for a in extract(body)[0]}
    assert not names & {"U.S.-Mexico", "Court", "Northeast Frontier"}


def test_a_name_tagged_two_ways_in_one_article_is_one_person(extract):
    body = (
        "Senator Maribel Okafor spoke in Dayton on Monday. Okafor said the plan would fail. "
        "Later Maribel Okafor told reporters she would vote against it. Okafor left at noon."
    )
    kinds = {(a.name, a.kind) for a in extract(body)[0] if "Okafor" in a.name}
    assert kinds == {("Maribel Okafor", "person")}


def test_a_nickname_fused_to_a_name_named_before_is_cut_off(extract):
    body = (
        "Randall Okoye spoke for an hour in Ohio. Okoye said he would win. His rival scoffed: “It will "
        "be a lot easier than beating Crooked Randall Okoye,” he said."
    )
    names = {(a.name, a.kind) for a in extract(body)[0]}
    assert ("Randall Okoye", "person") in names
    assert not {name for name, _ in names if "Crooked" in name}


def test_a_sentence_word_or_a_venue_word_is_no_part_of_a_person_tag():
    from archive.extract.actors import clean_entity

    body = "Both Watkiss and Harrowgate ran at Glenmoor Stadium. Since Harrowgate won, they cheered."
    tagged = {
        name: clean_entity(body, body.index(name), body.index(name) + len(name), "PERSON")
        for name in ("Both Watkiss", "Glenmoor Stadium", "Since Harrowgate")
    }
    assert tagged["Both Watkiss"].text == "Watkiss" and tagged["Since Harrowgate"].text == "Harrowgate"
    assert tagged["Glenmoor Stadium"].kind == "place"


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("Maybe Corwin Lisle", "Corwin Lisle"),
        ("Certainly Ada Brannock", "Ada Brannock"),
        ("Founder Ida Veck", "Ida Veck"),
        # prepositions opening a sentence: "Outside Carrier's plant", "Despite Santilli's …"
        ("Outside Brannock", "Brannock"),
        ("Despite Corwin Lisle", "Corwin Lisle"),
    ],
)
def test_a_sentence_adverb_or_a_role_word_is_no_part_of_a_person_tag(tag, name):
    from archive.extract.actors import clean_entity

    body = f"{tag} said the river would rise."
    assert clean_entity(body, 0, len(tag), "PERSON").text == name


def test_an_organisation_tag_on_a_name_followed_by_he_or_she_is_a_person():
    from archive.extract.actors import ORGANISATION, Mention, one_kind_per_name

    body = (
        "Varla Quintrell said she would run. Brenmark Holdings said it would pay. Tessaly Group said she "
        "left."
    )
    tagged = [
        Mention(body.index(name), body.index(name) + len(name), name, ORGANISATION, name)
        for name in ("Varla Quintrell", "Brenmark Holdings", "Tessaly Group")
    ]
    kinds = {m.text: m.kind for m in one_kind_per_name(body, tagged)}
    assert kinds == {
        "Varla Quintrell": "person",
        "Brenmark Holdings": "organisation",
        "Tessaly Group": "organisation",
    }


def test_an_organisation_tag_on_a_name_whose_surname_alone_speaks_is_a_person():
    from archive.extract.actors import ORGANISATION, Mention, one_kind_per_name

    body = (
        "Orrin Vaskell hosted the show. “We are back,” Vaskell said. Marlow Kettering posted a loss; "
        "Marlow Kettering said costs rose. The Grain Relief Programme warned of hunger; Relief Programme "
        "said stocks were low. A man who stood in Varden Square, said it was cold; on the Square said "
        "nothing."
    )
    tagged = [
        Mention(body.index(name), body.index(name) + len(name), name, ORGANISATION, name)
        for name in ("Orrin Vaskell", "Marlow Kettering", "Grain Relief Programme", "Varden Square")
    ]
    kinds = {m.text: m.kind for m in one_kind_per_name(body, tagged)}
    assert kinds == {
        "Orrin Vaskell": "person",
        "Marlow Kettering": "organisation",
        "Grain Relief Programme": "organisation",
        "Varden Square": "organisation",
    }


def test_a_nationality_in_front_of_a_name_is_no_part_of_it(extract):
    body = (
        "The Russian team arrived late. Russian Dmitriy Vostrikov won the race, and Vostrikov said he "
        "was happy."
    )
    people = people_in(extract, body)
    assert people == {"Dmitriy Vostrikov"}


def test_a_bare_surname_beside_a_father_and_his_son_is_the_fathers(extract):
    body = (
        "Walter Penhallow opened the fair. Walter Penhallow Jr. ran the stalls. "
        "Later Penhallow said the fair had raised more than ever."
    )
    actors = actors_by_name(extract, body)
    assert actors["Walter Penhallow"].count == 2
    assert "Penhallow" in actors["Walter Penhallow"].aliases
    assert actors["Walter Penhallow Jr."].count == 1


def test_a_month_that_opens_a_longer_name_is_a_first_name(extract):
    body = "April Mellody, a spokeswoman for the council, said the ferries would run."
    assert [(a.name, a.kind) for a in extract(body)[0]] == [("April Mellody", "person")]


def test_a_title_before_a_long_name_does_not_make_its_first_name_a_fused_word(extract):
    body = (
        "NEA President Lily Eskelsen García said the union would campaign. Eskelsen García said "
        "members agreed. Eskelsen García spoke later."
    )
    people = people_in(extract, body)
    assert people == {"Lily Eskelsen García"}


def test_a_one_word_person_tag_opening_an_organisation_name_is_that_organisation(extract):
    body = (
        "Tom Hardwick taught economics at Bucknell University for a decade. He left Bucknell in 2008 "
        "and returned to Bucknell later."
    )
    kinds = {a.name: a.kind for a in extract(body)[0]}
    assert kinds == {
        "Tom Hardwick": "person",
        "Bucknell University": "organisation",
        "Bucknell": "organisation",
    }


def test_a_name_with_a_party_tag_is_a_person():
    from archive.extract.actors import speaker_name_mentions

    body = "“We will fight,” said Oversight ranking Democrat Elbert Cummins (D-Md.) on Tuesday."
    assert [m.text for m in speaker_name_mentions(body, [])] == ["Elbert Cummins"]


def test_a_plural_role_opening_a_sentence_is_no_person():
    from archive.extract.actors import PERSON, is_junk

    assert is_junk("Aides", PERSON)
    assert not is_junk("Aidan", PERSON)


def test_a_one_word_name_that_speaks_is_a_person_though_tagged_an_organisation_more_often():
    from archive.extract.actors import ORGANISATION, PERSON, Mention, one_kind_per_name

    body = "Vaskell rallied. Critics of Vaskell spoke. Vaskell told reporters he would win. Vaskell left."
    starts = [i for i in range(len(body)) if body.startswith("Vaskell", i)]
    kinds = [PERSON, ORGANISATION, ORGANISATION, ORGANISATION]
    tagged = [Mention(s, s + 7, "Vaskell", kind, "Vaskell") for s, kind in zip(starts, kinds, strict=True)]
    assert {m.kind for m in one_kind_per_name(body, tagged)} == {PERSON}


def test_a_first_name_the_model_left_out_after_a_title_is_restored(extract):
    body = (
        "The vote was close.\n\nRepresentative Debbie Walder Schutt of Ohio, the party chairwoman, "
        "said the rules were fair."
    )
    actors, _ = extract(body)
    assert "Debbie Walder Schutt" in {a.name for a in actors}


def test_a_capitalised_word_after_a_function_word_is_no_dropped_first_name(extract):
    body = "Tom Roe won the race in 21.07 secs with Dutchman Jan van Aldane second."
    assert "Dutchman Jan van Aldane" not in people_in(extract, body)


def test_an_organisation_tag_on_a_name_followed_by_a_possessive_her_is_a_person():
    from archive.extract.actors import ORGANISATION, PLACE, Mention, one_kind_per_name

    body = "Former Acme CEO Carla Fiorelli named a Boston show as her guilty pleasure."

    def tagged(name, kind):
        start = body.index(name)
        return Mention(start, start + len(name), name, kind, name)

    mentions = [tagged("Carla Fiorelli", ORGANISATION), tagged("Boston", PLACE)]
    assert [m.kind for m in one_kind_per_name(body, mentions)] == ["person", PLACE]


def test_an_organisation_tag_followed_by_her_as_an_object_stays_an_organisation():
    from archive.extract.actors import ORGANISATION, Mention, one_kind_per_name

    body = "Harbour Lines paid her to run the ferry."
    mentions = [Mention(0, 13, "Harbour Lines", ORGANISATION, "Harbour Lines")]
    assert [m.kind for m in one_kind_per_name(body, mentions)] == [ORGANISATION]


def test_an_organisation_tag_after_the_stays_an_organisation_before_her():
    from archive.extract.actors import ORGANISATION, Mention, one_kind_per_name

    body = "She will compete at the Harbour Indoors before her plans change."
    start = body.index("Harbour Indoors")
    mentions = [Mention(start, start + 15, "Harbour Indoors", ORGANISATION, "Harbour Indoors")]
    assert [m.kind for m in one_kind_per_name(body, mentions)] == [ORGANISATION]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("The case was led by Detective Inspector Paula Roe of the county.", "Paula Roe"),  # a rank
        ("The Attorney General Lord Roe said the law was clear.", "Roe"),  # one word: a peerage
        ("She will face another Frenchwoman Paula Roe in the final.", "Paula Roe"),  # a nationality
    ],
)
def test_a_title_or_rank_before_a_person_tag_is_no_dropped_first_name(body, name):
    from archive.extract.actors import Mention, restore_dropped_first_names

    start = body.index(name)
    mention = Mention(start, start + len(name), name, "person", name)
    restore_dropped_first_names(body, [mention])
    assert mention.text == name


def test_a_bare_surname_after_mr_is_not_the_woman_sharing_it():
    from archive.extract.actors import Mention, resolve_shared_surnames

    body = (
        "Singer Tom Roe's trial opened. Tom Roe's lawyers spoke.\n\nMr Roe denies the charges.\n\n"
        "His mother Jane Roe said her son was innocent."
    )

    def mention(name, after=0, possessive=False):
        start = body.index(name, after)
        return Mention(start, start + len(name), name, "person", name, possessive, canonical=name)

    bare = mention("Roe", body.index("Mr Roe"))
    mentions = [
        mention("Tom Roe", possessive=True),
        mention("Tom Roe", body.index("lawyers") - 10, possessive=True),
        bare,
        mention("Jane Roe"),
    ]
    resolve_shared_surnames(body, mentions)
    assert bare.canonical == "Tom Roe"


@pytest.mark.parametrize(
    ("entity", "name"),
    [
        ("Harbour Radio’s Jane Roe", "Jane Roe"),  # the owner of a person tag is no part of it
        ("Ledger's Tom Van Aldane", "Tom Van Aldane"),
        ("Jane Roe's", "Jane Roe"),  # a possessive after the name is dropped as before
    ],
)
def test_a_possessive_owner_in_front_of_a_person_tag_is_cut(entity, name):
    from archive.extract.actors import clean_entity

    body = f"{entity} reported on the vote."
    assert clean_entity(body, 0, len(entity), "PERSON").text == name


def test_a_person_tag_run_across_a_paragraph_break_is_the_name_after_it():
    from archive.extract.actors import clean_entity

    body = "X.\n\nRoe seemed to like the idea."
    mention = clean_entity(body, 0, len("X.\n\nRoe"), "PERSON")
    assert (mention.text, body[mention.start : mention.end]) == ("Roe", "Roe")


@pytest.mark.parametrize(
    ("entity", "expected"),
    [
        # an organisation tag on an owner and a person's name, or a name and "of" an organisation
        ("Harbour Review’s Noah Rothwell", ("Noah Rothwell", "person")),
        # not the title of a work after its owner, nor a title
        ("Harbour Review’s Caught Up", ("Harbour Review", "organisation")),
        ("Harbour Review’s Lord Mayor", ("Harbour Review", "organisation")),
    ],
)
def test_an_organisation_tag_holding_a_persons_name(entity, expected):
    from archive.extract.actors import clean_entity

    body = f"{entity} said the vote was close, and was caught up in it."
    mention = clean_entity(body, 0, len(entity), "ORG")
    assert (mention.text, mention.kind) == expected
    assert body[mention.start : mention.end] == mention.text


def test_a_headline_tagged_as_a_name_is_the_person_it_opens_with():
    from archive.extract.actors import PERSON, Mention, unfuse_names

    headline = "Roe Claims Doe Most Qualified Candidate Ever"
    body = f"{headline}\n\nPresident Tom Roe spoke. Roe said the nominee was ready. Roe left."
    mentions = [Mention(0, len(headline), headline, PERSON, headline)]
    for after in (body.index("spoke"), body.index("ready")):
        start = body.index("Roe", after)
        mentions.append(Mention(start, start + 3, "Roe", PERSON, "Roe"))
    assert unfuse_names(body, mentions)[0].text == "Roe"


def test_an_organisation_written_after_the_is_not_made_a_person():
    from archive.extract.actors import ORGANISATION, Mention, one_kind_per_name

    body = "Harbour House said he would sign. “Yes,” the Harbour House said. Tom Quill said he agreed."
    tagged = [
        Mention(start, start + len(name), name, ORGANISATION, name)
        for name, start in (("Harbour House", 0), ("Tom Quill", body.index("Tom Quill")))
    ]
    kinds = {m.text: m.kind for m in one_kind_per_name(body, tagged)}
    assert kinds == {"Harbour House": "organisation", "Tom Quill": "person"}


def test_a_speaking_surname_tagged_as_an_organisation_is_the_person_with_that_first_name():
    from archive.extract.actors import ORGANISATION, PLACE, Mention, retype_speaking_surnames

    body = (
        "Reince Prieboldt, the party chairman, spoke. “It is a tool,” Prieboldt said. Harbour Ericsson "
        "cut jobs. “We are sorry,” Ericsson said. Eastmoor said it would pay. “Once Rangers won, fans "
        "cheered,” he said. “We won,” Rangers said."
    )

    def tag(name, kind, after=0):
        start = body.index(name, after)
        return Mention(start, start + len(name), name, kind, name)

    mentions = [
        tag("Prieboldt", ORGANISATION, body.index("tool")),
        tag("Harbour Ericsson", ORGANISATION),
        tag("Ericsson", ORGANISATION, body.index("sorry")),
        tag("Eastmoor", PLACE),
        tag("Rangers", ORGANISATION, body.index("won")),
    ]
    retype_speaking_surnames(body, mentions)
    assert [m.kind for m in mentions] == ["person", "organisation", "organisation", "place", "organisation"]


def test_a_platform_or_a_participle_tagged_as_a_person_is_no_person():
    from archive.extract.actors import clean_entity

    body = "On Twitter, she replied. Conceding that a deal was near, Roe warned. Manning said no."
    twitter = clean_entity(body, 3, 10, "PERSON")
    assert (twitter.text, twitter.kind) == ("Twitter", "organisation")
    start = body.index("Conceding")
    assert clean_entity(body, start, start + len("Conceding"), "PERSON") is None
    start = body.index("Manning")
    assert clean_entity(body, start, start + len("Manning"), "PERSON").kind == "person"


def test_a_speaking_surname_after_a_nickname_is_the_person():
    from archive.extract.actors import ORGANISATION, Mention, retype_speaking_surnames

    body = "Former operative John “Tig” Tiegold spoke. “She went home,” Tiegold said."
    start = body.index("Tiegold", body.index("home"))
    mentions = [Mention(start, start + 7, "Tiegold", ORGANISATION, "Tiegold")]
    retype_speaking_surnames(body, mentions)
    assert mentions[0].kind == "person"


@pytest.mark.parametrize(
    ("tag", "kept"),
    [("Theresa May", True), ("Yin Myint May", True), ("Monday May", False), ("Tessa Christmas", False)],
)
def test_a_month_closing_a_person_tag_is_a_surname(tag, kept):
    from archive.extract.actors import clean_entity

    body = f"{tag} spoke to the harbour board."
    assert (clean_entity(body, 0, len(tag), "PERSON") is not None) == kept


def test_a_bare_surname_beside_two_suffixed_names_is_the_one_named_before_it_in_its_paragraph(extract):
    body = (
        "During the service, assistant pastor Amos Teller III asked the congregation to stand. In his "
        "tribute, Teller said “there is no kinder man in this town.”\n\n"
        "Teller’s father, the Rev. Amos Teller Jr., knew the boxer for decades."
    )
    _, quotes = extract(body)
    assert [q.speaker for q in quotes] == ["Amos Teller III"]


def test_a_capitalised_particle_opening_a_sentence_is_the_same_name(extract):
    body = (
        "Mayor Bill de Varenne rejected the criticism on Monday.\n\n"
        "De Varenne said the move was made by the police commissioner. “We are safe,” de Varenne said."
    )
    actors, quotes = extract(body)
    assert {a.name for a in actors if a.kind == "person"} == {"Bill de Varenne"}
    assert {q.speaker for q in quotes} == {"Bill de Varenne"}  # the quote and the reported speech


def test_a_no_break_space_inside_a_name_joins_it(extract):
    body = (
        "“Imagine the two of them on one stage,” mused Blaze co-host Orvin\xa0Talbridge. “We would "
        "watch every minute.”"
    )
    actors, quotes = extract(body)
    assert [(a.name, a.kind) for a in actors] == [("Orvin Talbridge", "person")]
    assert {q.speaker for q in quotes} == {"Orvin Talbridge"}


def test_a_chair_or_an_alderman_is_a_title_not_a_first_name():
    from archive.extract.actors import PERSON, Mention, clean_entity, restore_dropped_first_names

    body = "Party Chair Odile Varga Santos said the count was fair. Alderman Walter Q. Burnside agreed."
    start = body.index("Varga Santos")
    mention = Mention(start, start + len("Varga Santos"), "Varga Santos", PERSON, "Varga Santos")
    restore_dropped_first_names(body, [mention])
    assert mention.text == "Odile Varga Santos"
    start = body.index("Alderman")
    assert clean_entity(body, start, body.index(" agreed"), "PERSON").text == "Walter Q. Burnside"


def test_an_organisation_tag_beside_a_role_only_a_person_has_is_a_person():
    from archive.extract.actors import ORGANISATION, Mention, one_kind_per_name

    body = (
        "Compare it with the case of Sarn Pelwick Dhatta, hotelier and fundraiser. Mira Quist spoke. "
        "Quist, the former Brenmark CEO, spoke next. His son, Corvin, defended him. Blaze co-host Idris "
        "Mallow laughed. Harlan Trust, the bank's president, Jane Roe, said it would pay. Vessel Crane, "
        "which hired a spokesman, said nothing. Officials gave a grant to Grant, the organiser of the fair. "
        "She married Princess Ilse of Varnia, the daughter of a king, and her husband, Dalton Cubs "
        "shortstop Nomar Roe. The best actor Brantwell went to him. It won two Lumiers, including best "
        "actor for Roe."
    )
    tags = {
        "Sarn Pelwick Dhatta": "person",
        "Mira Quist": "person",  # its surname stands beside a role
        "Quist,": "person",
        "Corvin": "person",
        "Idris Mallow": "person",
        "Harlan Trust": "organisation",  # the role is another's, named after it
        "Vessel Crane": "organisation",  # the role is in a relative clause
        "Grant,": "organisation",  # a word the text also writes in lowercase
        "Varnia": "organisation",  # after "of": the appositive is another name's
        "Dalton Cubs": "organisation",  # no appositive: a word follows it
        "Brantwell": "organisation",  # one word right after a role
        "Lumiers": "organisation",  # the role is in a phrase of its own
    }
    tagged = []
    for tag in tags:
        name = tag.rstrip(",")
        start = body.index(tag)
        tagged.append(Mention(start, start + len(name), name, ORGANISATION, name))
    kinds = {m.text: m.kind for m in one_kind_per_name(body, tagged)}
    assert kinds == {tag.rstrip(","): kind for tag, kind in tags.items()}


def test_a_person_tag_of_several_words_opening_an_institution_name_is_that_institution():
    from archive.extract.actors import ORGANISATION, PERSON, Mention, organisation_short_forms

    body = (
        "Families met near Tarrow Mead Elementary School. Tarrow Mead was a national tragedy. Orla "
        "Finch spoke at the Orla Finch Library, and Finch said it was moving."
    )
    tags = [
        ("Tarrow Mead Elementary School", ORGANISATION),
        ("Tarrow Mead", PERSON),
        ("Orla Finch", PERSON),
        ("Orla Finch Library", ORGANISATION),
        ("Finch", PERSON),
    ]
    tagged = []
    for name, kind in tags:
        start = body.index(name + (" was" if name == "Tarrow Mead" else ""))
        tagged.append(Mention(start, start + len(name), name, kind, name))
    kinds = {m.text: m.kind for m in organisation_short_forms(body, tagged)}
    assert kinds["Tarrow Mead"] == ORGANISATION
    assert kinds["Orla Finch"] == PERSON  # her surname stands alone


def test_a_person_tag_left_with_titles_alone_once_its_nationality_is_cut_is_no_person():
    from archive.extract.actors import PERSON, Mention, strip_nationalities

    body = "The Tory party repaid former Tory Treasurer Lord Ashvale. Tory Jane Roe agreed."
    tags = [("Tory", "norp"), ("Tory Treasurer Lord", PERSON), ("Ashvale", PERSON), ("Tory Jane Roe", PERSON)]
    tagged = []
    for name, kind in tags:
        start = body.index(name)
        tagged.append(Mention(start, start + len(name), name, kind, name))
    assert [m.text for m in strip_nationalities(tagged) if m.kind == PERSON] == ["Ashvale", "Jane Roe"]
