from django.urls import path

from safeguarding.people import views

app_name = "people"
urlpatterns = [
    path("", views.find, name="find"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/decide/", views.review_decide, name="review_decide"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/links/", views.person_links, name="links"),
    path("<int:person_id>/links/<int:mention_id>/", views.link_decision, name="link_decision"),
]
