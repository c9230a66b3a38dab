from django.urls import path

from alongside.messaging.consumers import ConversationConsumer
from alongside.notifications.consumers import NotificationConsumer
from alongside.rooms.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/messages/<int:user_id>/", ConversationConsumer.as_asgi()),
    path("ws/rooms/<int:meeting_id>/<str:starts>/", RoomConsumer.as_asgi()),
]
