from django.urls import path

from safeguarding.agencies import auth_views, views

app_name = "agencies"
urlpatterns = [
    path("login/", auth_views.sign_in, name="login"),
    path("login/verify/", auth_views.verify, name="verify"),
    path("logout/", auth_views.sign_out, name="logout"),
    path("locked/", auth_views.locked_out, name="locked_out"),
    path("two-factor/", auth_views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", auth_views.backup_codes, name="backup_codes"),
    path("break-glass/<int:person_id>/", views.break_glass, name="break_glass"),
    path("break-glass/reviews/", views.break_glass_reviews, name="break_glass_reviews"),
    path("break-glass/reviews/<int:grant_id>/", views.break_glass_review, name="break_glass_review"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/new/<int:record_id>/", views.correction_new, name="correction_new"),
    path("corrections/<int:correction_id>/decide/", views.correction_decide, name="correction_decide"),
    path("subject-access/<int:person_id>/", views.subject_access, name="subject_access"),
    path(
        "confidential/mentions/<int:mention_id>/", views.mark_mention_confidential, name="mark_confidential"
    ),
    path("admin/", views.admin_home, name="admin_home"),
    path("admin/users/new/", views.user_edit, name="user_new"),
    path("admin/users/<int:user_id>/", views.user_edit, name="user_edit"),
    path(
        "admin/users/<int:user_id>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("admin/agreements/new/", views.agreement_edit, name="agreement_new"),
    path("admin/agreements/<int:agreement_id>/", views.agreement_edit, name="agreement_edit"),
    path("admin/agreements/<int:agreement_id>/revoke/", views.agreement_revoke, name="agreement_revoke"),
    path("admin/retention/", views.retention_rules, name="retention"),
    path("admin/legal-holds/", views.legal_hold_new, name="legal_hold_new"),
    path("admin/legal-holds/<int:hold_id>/release/", views.legal_hold_release, name="legal_hold_release"),
]
