"""The search page's whole state as a GET form: the URL is the state (shareable, bookmarkable).

Unknown parameters are ignored; a bad sort or tab falls back to the default; a bad page number
becomes page 1 (the view clamps pages beyond the last); dates must be real and in order, with a
message saying what is wrong. Nothing here can raise on user input.
"""

from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass

from search.filters import FILTER_PARAMS, FILTERS, MIN_YEAR, SORTS, TABS

TAB_CHOICES = tuple((tab.name, tab.label) for tab in TABS)
SORT_CHOICES = tuple((sort.name, sort.label) for sort in SORTS)
STATE_FIELDS = ("q", "tab", *FILTER_PARAMS, "sort", "per_page")
PER_PAGE_CHOICES = (10, 20, 50, 100)
DEFAULT_PER_PAGE = 20
DEFAULTS = {"tab": "articles", "sort": "relevance", "page": 1, "per_page": DEFAULT_PER_PAGE}

# A form class with a field per filter (search/filters.py declares each with its validation).
FilterFields = DeclarativeFieldsMetaclass(
    "FilterFields", (forms.Form,), {filter_.param: filter_.form_field() for filter_ in FILTERS}
)


class SearchForm(FilterFields):
    field_order = (*STATE_FIELDS, "page")

    q = forms.CharField(required=False, label="Search", strip=True)
    tab = forms.ChoiceField(choices=TAB_CHOICES, required=False)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)
    per_page = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in PER_PAGE_CHOICES], coerce=int, required=False, empty_value=None
    )
    page = forms.CharField(required=False)

    def clean_tab(self):
        return self.cleaned_data.get("tab") or DEFAULTS["tab"]

    def clean_sort(self):
        return self.cleaned_data.get("sort") or DEFAULTS["sort"]

    def clean_per_page(self):
        return self.cleaned_data.get("per_page") or DEFAULTS["per_page"]

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
        for name, choices in (("tab", TAB_CHOICES), ("sort", SORT_CHOICES), ("per_page", per_page)):
            if data.get(name) not in {value for value, _ in choices}:
                data[name] = ""
        super().__init__(data, **kwargs)

    def state(self):
        """The valid part of the state: invalid fields are dropped (their messages are shown)."""
        cleaned = dict(self.cleaned_data) if self.is_valid() else self.valid_part()
        return {**DEFAULTS, **cleaned}

    def valid_part(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
