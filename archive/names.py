"""Words that stand before a person's name without being part of it: the extractor strips them, and
the editors' merge suggestions ignore them when comparing names. Plain data, no imports: web
processes read it without loading the extraction package (and its language model)."""

# Honorifics: never part of a name, and no role either.
# fmt: off
HONORIFICS = {
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Prof", "Professor", "Rev", "Reverend", "Rt",
    "Hon",
}
# fmt: on
# Titles that are a role: stripped from the name, kept as the description when nothing better exists.
# fmt: off
ROLE_TITLES = [
    "Attorney General", "Vice President", "President", "Prime Minister", "Deputy Prime Minister",
    "Chancellor", "Secretary", "Minister", "Senator", "Sen", "Rep", "Representative", "Governor",
    "Gov", "Mayor", "Judge", "Justice", "General", "Gen", "Colonel", "Col", "Captain", "Capt",
    "Lieutenant", "Lt", "Sergeant", "Sgt", "Detective", "Det", "Officer", "Director", "Commissioner",
    "Chairman", "Chairwoman", "Chair", "Chief", "Coach", "Manager", "Ambassador", "Bishop", "Pope", "King",
    "Queen", "Prince", "Princess", "attorney", "lawyer", "acting", "former", "Speaker", "Founder",
    "Co-founder", "Whip", "Admiral", "Congressman", "Congresswoman", "Alderman", "Alderwoman",
    "Councilman", "Councilwoman",
]
# fmt: on
TITLE_WORDS = HONORIFICS | {w for title in ROLE_TITLES for w in title.split()}
