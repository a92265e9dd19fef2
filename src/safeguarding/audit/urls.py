from django.urls import path

from safeguarding.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("verify/", views.verify, name="verify"),
    path("people/<int:person_id>/", views.person_trail, name="person"),
    path("people/<int:person_id>/export.csv", views.person_export, name="person_export"),
    path("users/<int:user_id>/", views.user_trail, name="user"),
    path("users/<int:user_id>/export.csv", views.user_export, name="user_export"),
]
