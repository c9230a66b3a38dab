from django.urls import path

from alongside.housing.views import houses, stays, vacancies

app_name = "housing"

urlpatterns: list = [
    path("houses/", houses.houses, name="houses"),
    path("houses/new/", houses.house_new, name="house-new"),
    path("houses/<int:house_id>/", houses.house, name="house"),
    path("houses/<int:house_id>/edit/", houses.house_edit, name="house-edit"),
    path("houses/<int:house_id>/rules/", houses.house_rules, name="house-rules"),
    path("houses/<int:house_id>/beds/<int:bed_id>/", houses.bed, name="bed"),
    path("houses/<int:house_id>/offer/", stays.offer_new, name="house-offer"),
    path("stays/<int:stay_id>/", stays.stay, name="stay"),
    path("offers/<int:stay_id>/", stays.offer, name="offer"),
    path("offers/<int:stay_id>/decline/", stays.decline, name="offer-decline"),
    path("my-stay/", stays.my_stay, name="my-stay"),
    path("residents/<int:member_id>/", stays.resident, name="resident"),
    path("vacancies/", vacancies.search, name="vacancies"),
    path("vacancies.json", vacancies.feed, name="vacancies-feed"),
]
