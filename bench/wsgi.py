import os

from django.core.wsgi import get_wsgi_application

from forum.process import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
application = get_wsgi_application()
settle()
