from django.urls import path

from safeguarding.records import api

urlpatterns = [
    path("records/", api.RecordImportView.as_view(), name="api-records-import"),
    path("records/import-batches/", api.ImportBatchListView.as_view(), name="api-records-import-batches"),
]
