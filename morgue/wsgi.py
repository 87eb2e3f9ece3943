"""WSGI entry point for gunicorn (`gunicorn morgue.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
application = get_wsgi_application()
