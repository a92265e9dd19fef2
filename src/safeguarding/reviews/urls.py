from django.urls import path

from safeguarding.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_create, name="create"),
    path("themes/", views.themes, name="themes"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/setup/<slug:what>/", views.review_setup, name="setup"),
    path("<int:pk>/stages/<int:stage_id>/", views.stage_update, name="stage"),
    path("<int:pk>/requests/", views.requests_page, name="requests"),
    path("<int:pk>/requests/<int:req_id>/return/", views.request_upload, name="upload"),
    path("<int:pk>/requests/<int:req_id>/template.xlsx", views.request_template, name="template"),
    path("<int:pk>/chronology/", views.chronology, name="chronology"),
    path("<int:pk>/chronology/<int:record_id>/comment/", views.comment, name="comment"),
    path("<int:pk>/analysis/", views.analysis, name="analysis"),
    path("<int:pk>/recommendations/", views.recommendations, name="recommendations"),
    path("<int:pk>/recommendations/<int:rec_id>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_id>/", views.action_update, name="action"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/export/<str:name>", views.export, name="export"),
]
