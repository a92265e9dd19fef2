from django.urls import path

from safeguarding.signals import views

app_name = "signals"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("<int:signal_id>/", views.signal_detail, name="detail"),
    path("<int:signal_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:signal_id>/action/", views.record_action, name="record_action"),
    path("<int:signal_id>/dismiss/", views.dismiss, name="dismiss"),
    path("<int:signal_id>/assign/", views.assign, name="assign"),
]
