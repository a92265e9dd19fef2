from django.urls import path

from safeguarding.people import api

urlpatterns = [
    path("people/<int:person_id>/links/", api.PersonLinksView.as_view(), name="api-person-links"),
    path(
        "mentions/<int:mention_a>/explain/<int:mention_b>/",
        api.MentionExplainView.as_view(),
        name="api-mention-explain",
    ),
    path(
        "mentions/<int:mention_a>/confirm/<int:mention_b>/",
        api.ConfirmLinkView.as_view(),
        name="api-link-confirm",
    ),
    path("mentions/<int:mention_id>/split/", api.SplitMentionView.as_view(), name="api-mention-split"),
    path(
        "people/<int:person_a>/not-same/<int:person_b>/",
        api.NotSameView.as_view(),
        name="api-people-not-same",
    ),
    path("links/review/", api.ReviewQueueView.as_view(), name="api-link-review"),
]
