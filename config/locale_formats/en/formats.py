"""English as read in Denmark: British day-month order and a 24-hour clock.

Django's "en" formats are American (11/27/2026, 2:30 p.m.), which a Danish reader takes for the
27th month, and whose input formats read 03/04/2026 as 4 March.
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403

TIME_FORMAT = "H:i"  # '14:30'
DATETIME_FORMAT = "j M Y, H:i"  # '25 Oct 2006, 14:30'
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # '25/10/2006 14:30'
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2006-10-25', as date inputs send it
    "%d/%m/%Y",  # '25/10/2006'
    "%d-%m-%Y",  # '25-10-2006'
    "%d.%m.%Y",  # '25.10.2006'
]
