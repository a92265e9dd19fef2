from django.urls import path

from safeguarding.agencies import auth_views

app_name = "agencies"
urlpatterns = [
    path("login/", auth_views.sign_in, name="login"),
    path("login/verify/", auth_views.verify, name="verify"),
    path("logout/", auth_views.sign_out, name="logout"),
    path("locked/", auth_views.locked_out, name="locked_out"),
    path("two-factor/", auth_views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", auth_views.backup_codes, name="backup_codes"),
]
