from django.urls import path

from alongside.messaging.consumers import ConversationConsumer
from alongside.notifications.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/messages/<int:user_id>/", ConversationConsumer.as_asgi()),
]
