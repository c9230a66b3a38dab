from django.urls import path

from alongside.community import views

app_name = "community"

urlpatterns = [
    path("", views.spaces, name="spaces"),
    path("celebrate/", views.share, name="share"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/duty/", views.duty, name="duty"),
    path("moderators/<slug:slug>/", views.moderators, name="moderators"),
    path("moderators/remove/<int:moderator_id>/", views.moderator_remove, name="moderator-remove"),
    path("moderation/posts/<int:post_id>/", views.moderate, name="moderate"),
    path(
        "moderation/watched-words/<int:word_id>/delete/",
        views.watched_word_delete,
        name="watched-word-delete",
    ),
    path("moderation/<slug:slug>/watched-words/", views.watched_words, name="watched-words"),
    path("threads/<int:thread_id>/", views.thread, name="thread"),
    path("threads/<int:thread_id>/congratulate/", views.congratulate, name="congratulate"),
    path("posts/<int:post_id>/react/", views.react, name="react"),
    path("posts/<int:post_id>/flag/", views.flag, name="flag"),
    path("spaces/<slug:slug>/", views.space, name="space"),
    path("spaces/<slug:slug>/new/", views.new_thread, name="new-thread"),
]
