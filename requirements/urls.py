"""URLs of the requirements app: the bank, its editorial work and releases, specifications."""

from django.urls import path

from . import views

app_name = "requirements"
urlpatterns = [
    path("", views.bank, name="bank"),
    path("categories/<str:key>/", views.category, name="category"),
    path("new/", views.requirement_new, name="requirement-new"),
    path("review/", views.review_queue, name="review-queue"),
    path("import/", views.bank_import, name="import"),
    path("export/", views.bank_export, name="export"),
    path("releases/", views.release_list, name="release-list"),
    path("releases/<int:pk>/", views.release_detail, name="release"),
    path("r/<uuid:uuid>/", views.requirement_detail, name="requirement"),
    path("r/<uuid:uuid>/edit/", views.requirement_edit, name="requirement-edit"),
    path("r/<uuid:uuid>/withdraw/", views.requirement_withdraw, name="requirement-withdraw"),
    path("r/<uuid:uuid>/compare/", views.version_diff, name="diff"),
    path("r/<uuid:uuid>/relations/", views.relation_add, name="relation-add"),
    path(
        "r/<uuid:uuid>/relations/<int:pk>/delete/",
        views.relation_delete,
        name="relation-delete",
    ),
    path("r/<uuid:uuid>/v<int:number>/", views.version_detail, name="version"),
    path("r/<uuid:uuid>/v<int:number>/submit/", views.version_submit, name="version-submit"),
    path("r/<uuid:uuid>/v<int:number>/approve/", views.version_approve, name="version-approve"),
    path(
        "r/<uuid:uuid>/v<int:number>/send-back/",
        views.version_send_back,
        name="version-send-back",
    ),
    path("r/<uuid:uuid>/v<int:number>/comment/", views.version_comment, name="version-comment"),
    path("specifications/", views.specification_list, name="specification-list"),
    path("specifications/new/", views.specification_new, name="specification-new"),
    path("specifications/<int:pk>/", views.specification_detail, name="specification"),
    path("specifications/<int:pk>/edit/", views.specification_edit, name="specification-edit"),
    path("specifications/<int:pk>/items/<int:item_pk>/", views.item_detail, name="item"),
    path(
        "specifications/<int:pk>/items/<int:item_pk>/adopt/",
        views.item_adopt,
        name="item-adopt",
    ),
    path("specifications/<int:pk>/items/<int:item_pk>/keep/", views.item_keep, name="item-keep"),
    path(
        "specifications/<int:pk>/add-local/",
        views.specification_add_local,
        name="specification-add-local",
    ),
    path(
        "specifications/<int:pk>/final/",
        views.specification_final,
        name="specification-final",
    ),
    path(
        "specifications/<int:pk>/reopen/",
        views.specification_reopen,
        name="specification-reopen",
    ),
    path(
        "specifications/<int:pk>/export.<str:file_format>",
        views.specification_export,
        name="specification-export",
    ),
    path(
        "specifications/<int:pk>/responses/",
        views.specification_responses,
        name="responses",
    ),
]
