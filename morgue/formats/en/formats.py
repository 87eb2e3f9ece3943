"""Morgue writes dates one way everywhere, the admin included: "6 April 2018" (not "April 6, 2018").

The public pages use archive.templatetags.citation.date_with_precision; these are Django's
formats for everything else (the admin's lists and history, `|date` without an argument).
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
