from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("safeguarding.records.api_urls")),
    path("api/", include("safeguarding.people.api_urls")),
    path("accounts/", include("safeguarding.agencies.urls")),
    path("people/", include("safeguarding.people.urls")),
    path("signals/", include("safeguarding.signals.urls")),
    path("marac/", include("safeguarding.marac.urls")),
    path("reviews/", include("safeguarding.reviews.urls")),
    path("audit/", include("safeguarding.audit.urls")),
    path("", include("safeguarding.web.urls")),
]
