"""ASGI entry point: WebSockets through Channels, HTTP through Django's WSGI handler.

HTTP requests run in a fixed pool of threads (a2wsgi) rather than Django's ASGI handler, which
starts a new thread — and so a new database connection — for every request. Every view here is
synchronous, so nothing is lost, and each thread keeps its connection (docs/decisions/0003).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
django_wsgi_app = get_wsgi_application()

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from alongside.routing import websocket_urlpatterns  # noqa: E402

HTTP_THREADS = int(os.environ.get("ALONGSIDE_HTTP_THREADS", "8"))

application = ProtocolTypeRouter(
    {
        "http": WSGIMiddleware(django_wsgi_app, workers=HTTP_THREADS),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
