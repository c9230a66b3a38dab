from django.urls import path

from alongside.housing.views import houses, life, stays, vacancies

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
    path("my-stay/sign-out/", stays.my_sign_out, name="my-sign-out"),
    path("my-stay/sign-in/", stays.my_sign_in, name="my-sign-in"),
    path("my-stay/chores/<int:assignment_id>/done/", stays.my_chore_done, name="my-chore-done"),
    path("houses/<int:house_id>/curfew/", life.house_curfew, name="house-curfew"),
    path("houses/<int:house_id>/chores/", life.house_chores, name="house-chores"),
    path("houses/<int:house_id>/chores/<int:chore_id>/", life.house_chore, name="house-chore"),
    path("houses/<int:house_id>/drug-tests/", life.house_drug_tests, name="house-drug-tests"),
    path("houses/<int:house_id>/meetings/", life.house_meetings, name="house-meetings"),
    path(
        "houses/<int:house_id>/meetings/<int:meeting_id>/",
        life.house_meeting,
        name="house-meeting",
    ),
    path("houses/<int:house_id>/incidents/", life.house_incidents, name="house-incidents"),
    path(
        "houses/<int:house_id>/incidents/<int:incident_id>/",
        life.house_incident,
        name="house-incident",
    ),
    path("houses/<int:house_id>/ledger/", life.house_ledger, name="house-ledger"),
    path("houses/<int:house_id>/report/", life.house_report, name="house-report"),
    path("houses/<int:house_id>/report.csv", life.house_report_csv, name="house-report-csv"),
    path("residents/<int:member_id>/", stays.resident, name="resident"),
    path("vacancies/", vacancies.search, name="vacancies"),
    path("vacancies.json", vacancies.feed, name="vacancies-feed"),
]
