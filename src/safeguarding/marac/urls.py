from django.urls import path

from safeguarding.marac import views

app_name = "marac"
urlpatterns = [
    path("", views.index, name="index"),
    path("dash/new/", views.dash_new, name="dash_new"),
    path("dash/<int:assessment_id>/", views.dash_detail, name="dash_detail"),
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("actions/overdue/", views.overdue, name="overdue"),
    path("actions/<int:action_id>/", views.action_update, name="action_update"),
]
