"""The search page's whole state as a GET form: the URL is the state (shareable, bookmarkable).

Unknown parameters are ignored; a bad sort or tab falls back to the default; a bad page number
becomes page 1 (the view clamps pages beyond the last); dates must be real and in order, with a
message saying what is wrong. Nothing here can raise on user input.
"""

from django import forms

TABS = (("articles", "Articles"), ("quotes", "Quotes"))
SORTS = (("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first"))
FILTER_FIELDS = ("source", "section", "person", "organisation", "speaker", "year", "month")
STATE_FIELDS = ("q", "tab", *FILTER_FIELDS, "date_from", "date_to", "sort", "per_page")
PER_PAGE_CHOICES = (10, 20, 50, 100)
DEFAULT_PER_PAGE = 20
MIN_YEAR = 1000
# The `year` value of an article without a known date (search/search_indexes.py indexes it).
UNDATED = "unknown"
# Years from MIN_YEAR on (Whoosh misreads earlier ones, and the database refuses year 0), or UNDATED.
YEAR_PATTERN = rf"^([1-9]\d{{3}}|{UNDATED})$"
MONTH_PATTERN = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search", strip=True)
    tab = forms.ChoiceField(choices=TABS, required=False)
    source = forms.CharField(required=False, max_length=200)
    section = forms.CharField(required=False, max_length=100)
    person = forms.CharField(required=False, max_length=200)
    organisation = forms.CharField(required=False, max_length=200)
    speaker = forms.CharField(required=False, max_length=200)
    year = forms.RegexField(
        regex=YEAR_PATTERN,
        required=False,
        error_messages={
            "invalid": f"Use a year like 2018 (from {MIN_YEAR} on), or “{UNDATED}” for undated articles."
        },
    )
    month = forms.RegexField(
        regex=MONTH_PATTERN,
        required=False,
        error_messages={"invalid": f"Use a month like 2018-04 (from {MIN_YEAR} on)."},
    )
    date_from = forms.DateField(
        required=False,
        label="From",
        error_messages={
            "invalid": "“From” must be a real date, written YYYY-MM-DD (for example 2018-04-01)."
        },
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        error_messages={"invalid": "“To” must be a real date, written YYYY-MM-DD (for example 2018-06-30)."},
    )
    sort = forms.ChoiceField(choices=SORTS, required=False)
    per_page = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in PER_PAGE_CHOICES], coerce=int, required=False, empty_value=None
    )
    page = forms.CharField(required=False)

    def clean_tab(self):
        return self.cleaned_data.get("tab") or "articles"

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "relevance"

    def clean_per_page(self):
        return self.cleaned_data.get("per_page") or DEFAULT_PER_PAGE

    def clean_page(self):
        raw = self.cleaned_data.get("page") or ""
        # Length first: int() refuses strings of more than 4,300 digits (a ValueError, not a page 1).
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) > 0 else 1

    def clean_date_from(self):
        return self.searchable_date("date_from", "From")

    def clean_date_to(self):
        return self.searchable_date("date_to", "To")

    def searchable_date(self, name, label):
        """The date, if the index can search it: Whoosh misreads years before 1000 (a server error)."""
        value = self.cleaned_data.get(name)
        if value and value.year < MIN_YEAR:
            raise forms.ValidationError(f"“{label}” must be in the year {MIN_YEAR} or later.")
        return value

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "“To” must be on or after “From”.")
        return cleaned

    def __init__(self, data=None, **kwargs):
        # Choice fields with a bad value fall back to their default instead of failing the form.
        data = data.copy() if data is not None else {}
        per_page = tuple((str(n), n) for n in PER_PAGE_CHOICES)
        for name, choices in (("tab", TABS), ("sort", SORTS), ("per_page", per_page)):
            if data.get(name) not in {value for value, _ in choices}:
                data[name] = ""
        super().__init__(data, **kwargs)

    def state(self):
        """The valid part of the state: invalid fields are dropped (their messages are shown)."""
        cleaned = dict(self.cleaned_data) if self.is_valid() else self.valid_part()
        cleaned.setdefault("tab", "articles")
        cleaned.setdefault("sort", "relevance")
        cleaned.setdefault("page", 1)
        cleaned.setdefault("per_page", DEFAULT_PER_PAGE)
        return cleaned

    def valid_part(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
