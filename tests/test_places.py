"""The place a user sees on a candidate figure: which of the places copy names is the figure's.

Sentences written for these tests: invented towns and stories, none from the corpora or the
seeds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.extract import extract
from knowledge.ingest import context_from_store

PUBLISHED = dt.date(2021, 1, 20)


@pytest.fixture(scope="module")
def context(store):
    return context_from_store(store)


def _placed(context, text: str, title: str | None = None) -> list[tuple[float, str | None]]:
    """Each candidate's value with the name of the place a user would see for it."""
    return [(p.value, p.place.name if p.place else None)
            for p in extract(text, published=PUBLISHED, context=context, title=title)]


def test_a_headline_figure_takes_the_town_the_body_gives_it(context) -> None:
    title = "Landslide in western Kenya kills 9, buries 14 homes"
    text = (f"{title}\n\nELDORET, Kenya — A landslide killed nine people and buried 14 homes "
            "in the village of Ombalo on Monday, police said.\n")
    assert _placed(context, text, title) == [(9, "Ombalo"), (14, "Ombalo")]


def test_a_headline_figure_keeps_its_place_when_the_body_names_none_inside_it(context) -> None:
    title = "Floods in Kenya displace 3,000"
    text = (f"{title}\n\nNAIROBI, Kenya — Floods have forced 3,000 people from their homes "
            "across Kenya, and 40 people were killed in Eldoret, officials said.\n")
    placed = dict(_placed(context, text, title))
    assert placed[3000] == "Kenya" and placed[40] == "Eldoret"


def test_a_place_in_another_clause_with_its_own_figure_is_that_figure_s(context) -> None:
    text = ("MARSABIT, Kenya — Herders have lost 9,000 goats since March in the country's "
            "worst drought, and another 2,000 cattle died on ranches near Moyale, officials "
            "said.\nThe drought has left 40,000 herders without income.\n"
            "Four people drowned, and two others were hurt, when a bus fell into a river "
            "near Moyale.\n")
    placed = dict(_placed(context, text))
    assert placed[9000] == placed[40000] == "Kenya"  # the lead's first figure: the country's
    assert placed[2000] == "Moyale"
    assert placed[4] == placed[2] == "Moyale"  # the "when" clause is both figures'


def test_a_lead_about_the_whole_country_is_not_the_dateline_city_s(context) -> None:
    outbreak = ("MALINDI, Kenya — Farmers have culled 80,000 pigs since May to contain the "
                "country's worst swine fever outbreak, officials said.\n")
    assert _placed(context, outbreak) == [(80000, "Kenya")]
    port = ("MALINDI, Kenya — About 3,000 dockers walked out at the country's biggest port on "
            "Monday, the union said.\n")
    assert _placed(context, port) == [(3000, "Malindi")]


@pytest.mark.parametrize(("text", "expected"), [
    # A name the gazetteer lacks is a place when the copy says what kind of place it is.
    ("BUSAN, South Korea — Fishing boats brought 40 crew members to safety near South "
     "Korea's Horando island on Monday.", [(40, "Horando")]),
    ("REYKJAVIK, Iceland — Some 300 residents were evacuated on the Skarfell peninsula.",
     [(300, "Skarfell")]),
    ("INNSBRUCK, Austria — Police closed 9 ski runs in the Ölbach valley on Sunday.",
     [(9, "Ölbach")]),
    ("INNSBRUCK, Austria — Snow trapped 60 skiers near the resort of Hinterkar on Sunday.",
     [(60, "Hinterkar")]),
    # "the Greek island of X": the island is X, not the adjective before it.
    ("ATHENS, Greece — More than 700 migrants landed on the Greek island of Kavros.",
     [(700, "Kavros")]),
    # "on" alone is no sign of a place: "on Friday", "on Telegram".
    ("NAIROBI, Kenya — Police said 12 people were arrested on Telegram on Friday.",
     [(12, "Nairobi")]),
])
def test_a_place_the_copy_names_by_its_kind(context, text: str, expected) -> None:
    assert _placed(context, text) == expected


def test_a_headline_province_gives_way_to_the_town_the_body_puts_in_it(context) -> None:
    title = "Avalanche kills two climbers in Austria's Ölgrund"
    text = (f"{title}\n\nINNSBRUCK, Austria — An avalanche killed two climbers near the "
            "village of Hinterkar in Austria's Ölgrund province on Saturday, police said.\n")
    assert _placed(context, text, title) == [(2, "Hinterkar")]


@pytest.mark.parametrize(("text", "expected"), [
    # The town is the figure's place, though the copy says whose province it lies in.
    ("NAIROBI, Kenya — A bomb at a bus stop in the town of Kaplamoi, in Kenya's Turkana "
     "county, killed 7 people on Sunday.", [(7, "Kaplamoi")]),
    ("ABUJA, Nigeria — Gunmen seized 30 farmers in the village of Kuru Dam in Nigeria's "
     "northern Kano state on Friday.", [(30, "Kuru Dam")]),
])
def test_the_town_not_the_province_it_lies_in(context, text: str, expected) -> None:
    assert _placed(context, text) == expected


def test_a_figure_said_of_the_whole_country_is_the_country_s(context) -> None:
    text = ("ELDORET, Kenya — Floods killed 14 people in Eldoret on Monday, police said.\n"
            "Police say 230 people have drowned nationwide since March.\n"
            "The rains have cut power to 3,000 villages across the whole country.\n"
            "Some 600 schools will stay shut during a week of national mourning.\n"
            "The ruling party won 170 seats in parliament in March.\n")
    assert dict(_placed(context, text)) == {14: "Eldoret", 230: "Kenya", 3000: "Kenya",
                                            600: "Kenya", 170: "Kenya"}


def test_the_region_is_the_place_named_a_region_before(context) -> None:
    text = ("ADDIS ABABA, Ethiopia — Shelling killed 9 people in the town of Gorobe, in "
            "Ethiopia's Sidama region, on Sunday.\n"
            "The army says it has killed 120 rebels in the region since May.\n"
            "Some 40 people were wounded in the town, doctors said.\n")
    assert dict(_placed(context, text)) == {9: "Gorobe", 120: "Sidama", 40: "Gorobe"}


def test_the_region_no_place_was_named_for_is_the_country(context) -> None:
    text = ("ABUJA, Nigeria — Gunmen seized 20 traders in the village of Tudun Kaya in "
            "Nigeria's Kano state on Friday.\n"
            "At least 900 people were kidnapped across the region last year, analysts say.\n")
    assert dict(_placed(context, text)) == {20: "Tudun Kaya", 900: "Nigeria"}


def test_the_island_is_the_island_named_before(context) -> None:
    text = ("ATHENS, Greece — A ferry ran aground off Greece's Varnos island on Monday.\n"
            "The 300 residents of the village were moved, and 45 police officers on the "
            "island are searching the coast.\n")
    assert dict(_placed(context, text))[45] == "Varnos"


def test_a_province_the_gazetteer_knows_is_the_region_spoken_of_again(context) -> None:
    text = ("ADDIS ABABA, Ethiopia — Floods in Oromia killed 11 people on Monday.\n"
            "Officials said 3,000 homes in the region were under water.\n")
    assert dict(_placed(context, text)) == {11: "Oromia", 3000: "Oromia"}


def test_a_running_tally_is_the_country_s_not_the_lead_town_s(context) -> None:
    text = ("GOMA, Congo — Rebels killed 6 villagers near Rutshuru on Tuesday, the army said.\n"
            "It was the twelfth raid on villages since the start of the year.\n"
            "Some 80 civilians have been killed so far this year.\n"
            "Two of the wounded later died.\n")
    assert dict(_placed(context, text)) == {6: "Rutshuru", 12: "Democratic Republic of the Congo",
                                            80: "Democratic Republic of the Congo",
                                            2: "Rutshuru"}


def test_where_the_speaker_is_is_not_the_figure_s_place(context) -> None:
    text = ("MOSTAR, Bosnia — The EU force in Bosnia will grow by 400 soldiers next month.\n"
            "Norway will send 120 soldiers, the foreign ministry in Oslo said on Monday.\n")
    assert dict(_placed(context, text)) == {400: "Bosnia and Herzegovina",
                                            120: "Bosnia and Herzegovina"}


def test_a_figure_sharing_the_verb_phrase_shares_its_place(context) -> None:
    text = ("ELDORET, Kenya — The clinic in Eldoret has become a treatment centre as an "
            "outbreak has killed 75 people across the country and infected more than 2,000, "
            "officials said.\n")
    assert dict(_placed(context, text)) == {75: "Kenya", 2000: "Kenya"}


def test_a_lead_whose_figure_is_countrywide_is_the_country_s_story(context) -> None:
    title = "Kenya opens field hospital as measles deaths pass 90"
    text = (f"{title}\n\nELDORET, Kenya — Kenya has opened a field hospital in Eldoret as a "
            "measles outbreak has killed 93 people across the country, the ministry said.\n"
            "Schools will stay shut for three more weeks, the ministry said.\n"
            "The previous outbreak, in 2016, killed 61 people.\n")
    placed = dict(_placed(context, text, title))
    assert placed[93] == placed[61] == placed[90] == "Kenya"


@pytest.mark.parametrize(("text", "expected"), [
    # "in the capital" is the country's capital, as the gazetteer knows it …
    ("GARISSA, Kenya — Floods killed 12 people in Garissa on Monday.\nThe army sent 300 "
     "soldiers to clear drains in the capital's poorest districts.\n",
     {12: "Garissa", 300: "Nairobi"}),
    # … but "near the capital" is not in it.
    ("NAIROBI, Kenya — A fire in Ruiru, a town near the capital, killed 14 people.\n",
     {14: "Ruiru"}),
])
def test_the_capital(context, text: str, expected) -> None:
    assert dict(_placed(context, text)) == expected


def test_a_village_of_the_story_not_a_city_abroad_it_spells_another_way(context) -> None:
    # "Stettin" is another spelling of Szczecin, a city of Poland the story never names.
    text = ("NAIROBI, Kenya — Herders attacked police near the village of Stettin, injuring "
            "four officers and burning two trucks.\nKenya has sent 50 police to the area.\n")
    placed = {p.value: p.place for p in extract(text, published=PUBLISHED, context=context)}
    assert placed[4].name == "Stettin" and placed[4].lies_in("kenya")
    assert placed[2] == placed[4]


def test_where_a_convoy_was_heading_is_not_where_it_was_hit(context) -> None:
    text = ("BANGUI, Central African Republic — Gunmen ambushed a convoy of 9 trucks bound "
            "for Obo near the town of Zemio on Friday.\n"
            "The 20 soldiers escorting it were heading east to Obo when it came under fire.\n")
    assert dict(_placed(context, text)) == {9: "Zemio", 20: "Zemio"}


@pytest.mark.parametrize(("text", "expected"), [
    # A figure set off in a relative clause is its antecedent's, not the main clause's place.
    ("NDJAMENA, Chad — Gunmen killed 8 herders in Mongo on Monday.\n"
     "Chad's police, which has about 9,000 officers, is patrolling around Lake Fitri.\n",
     {8: "Mongo", 9000: "Chad"}),
    # A later clause with a subject and an amount of its own: its places are its own.
    ("TOWNSVILLE, Australia — About 600 soldiers will train in Townsville this year, "
     "and Australia is spending A$90 million on a runway at Kalgaroo.\n"
     "About 300 sailors will join them, and Australia is paying A$5 million for roads at "
     "Kalgaroo.\n", {600: "Townsville", 300: "Townsville"}),
    # "…, months after three sailors died off X": the crash's place, not the figure's.
    ("TOWNSVILLE, Australia — Some 400 marines arrived in Townsville on Monday.\n"
     "They brought 6 helicopters, a year after two pilots died in a crash near Kalgaroo.\n",
     {400: "Townsville", 6: "Townsville", 2: "Kalgaroo"}),
    # An earlier clause's place goes on into the next when the next names none.
    ("ABUJA, Nigeria — Gunmen seized 40 farmers in Kano on Monday.\nIn 2019, gunmen took 80 "
     "pupils from the village of Dangoma, in Kano state; nearly 30 are still missing.\n",
     {40: "Kano", 80: "Dangoma", 30: "Dangoma"}),
])
def test_clauses_keep_their_own_places(context, text: str, expected) -> None:
    assert dict(_placed(context, text)) == expected


def test_the_town_of_a_when_clause_not_the_country_before_it(context) -> None:
    text = ("CONAKRY, Guinea — The worst crush in the region was in Senegal in May 2019, "
            "when 12 people died outside a stadium in Thiès during a cup final.\n")
    assert dict(_placed(context, text)) == {12: "Thiès"}


def test_a_headline_figure_the_body_restates_with_another_verb(context) -> None:
    title = "Gunmen take 40 pupils from school in Nigeria's Kano"
    text = (f"{title}\n\nABUJA, Nigeria — Gunmen stormed a school in the village of Dangoma "
            "in Nigeria's Kano state on Monday and seized 40 pupils, police said.\n")
    assert {v for v, place in _placed(context, text, title) if place != "Dangoma"} == set()


def test_a_sentence_opening_with_the_country_s_own_whole(context) -> None:
    text = ("ELDORET, Kenya — Floods killed 14 people in Eldoret on Monday.\n"
            "Kenya's worst floods, in 2018, killed 186 people.\n"
            "Kenya's police say 30 people are missing.\n")
    assert dict(_placed(context, text)) == {14: "Eldoret", 186: "Kenya", 30: "Eldoret"}


@pytest.mark.parametrize(("text", "expected"), [
    # The place that keeps a force is where it is …
    ("Senegal keeps 4,000 French troops as Paris pulls ships from the Gulf of Guinea.",
     {4000: "Senegal"}),
    # … unless the sentence says where the keeper keeps it.
    ("France keeps about 900 troops in Senegal, the ministry said.", {900: "Senegal"}),
    ("NICOSIA, Cyprus — Greece keeps some 950 troops in the south of the island.",
     {950: "Cyprus"}),
])
def test_a_place_that_keeps_a_force(context, text: str, expected) -> None:
    assert dict(_placed(context, text)) == expected


def test_a_mandate_s_terms_are_the_whole_mission_area_s(context) -> None:
    text = ("JUBA, South Sudan — Gunmen killed 4 peacekeepers near Yambio on Friday.\n"
            "The council extended the mission's mandate for a further 6 months, keeping "
            "9,000 troops.\n")
    assert dict(_placed(context, text)) == {4: "Yambio", 6: "South Sudan", 9000: "South Sudan"}


def test_a_country_named_before_a_force_is_whose_it_is_not_where(context) -> None:
    for text in ("Militias have staged more than 90 attacks on Danish forces since May.",
                 "Some 30 rockets were fired at the Danish embassy overnight."):
        [found] = extract(text, published=dt.date(2024, 6, 3), context=context)
        assert found.place is None, text


def test_a_desk_dateline_is_not_where_the_boat_sank(context) -> None:
    # A desk city without its country; the island is one no gazetteer lists, named only by
    # its bearing ("south of") or by "off".
    title = "Boat capsizes south of Skarnos, 40 missing"
    text = (f"{title}\n\nATHENS (Wire) — A fishing boat carrying about 300 migrants capsized "
            "south of Skarnos on Tuesday, the coast guard said.\n"
            "Rescuers pulled 104 survivors from the sea, and 12 bodies were found off "
            "Skarnos.\n")
    placed = _placed(context, text, title)
    assert {place for _v, place in placed} == {"Skarnos"}
    assert {v for v, _p in placed} == {40, 300, 104, 12}


@pytest.mark.parametrize("text", [
    "MONTEVIDEO, Uruguay — The US imposed sanctions on 8 Uruguayan officials on Thursday over "
    "a crackdown on protesters in Montevideo.",
    "WASHINGTON (Wire) — The European Union has sanctioned 5 Uruguayan officers over the "
    "crackdown in Montevideo.",
])
def test_people_sanctioned_are_their_country_s_not_the_capital_s(context, text: str) -> None:
    assert {place for _v, place in _placed(context, text)} == {"Uruguay"}


def test_where_refugees_came_from_is_not_where_they_are(context) -> None:
    text = ("NAIROBI, Kenya — About 6,000 refugees from Ethiopia's Sidama region crossed into "
            "northern Kenya last week, the UN said.\n")
    assert _placed(context, text) == [(6000, "Kenya")]


def test_a_storm_to_hit_the_country_is_the_country_s(context) -> None:
    text = ("MANILA, Philippines — A typhoon killed 11 people in the town of Bantoc on Sunday.\n"
            "The storm was the 14th to hit the country this year.\n")
    assert dict(_placed(context, text)) == {11: "Bantoc", 14: "Philippines"}


def test_a_desk_story_about_the_country_next_door(context) -> None:
    # The dateline names the desk's own country; the lead puts the event in another.
    text = ("NAIROBI, Kenya (Wire) — A car bomb killed 9 people at a checkpoint in the Somali "
            "town of Beledweyne on Saturday, police said.\n"
            "At least 20 others were wounded, a hospital official said.\n")
    assert dict(_placed(context, text)) == {9: "Beledweyne", 20: "Beledweyne"}


def test_a_namesake_town_abroad_does_not_move_the_story(context) -> None:
    # "Tomar" is also a small town of Portugal; the story never names Portugal.
    text = ("BAMAKO, Mali — Soldiers detained 51 people in Tomar on Monday, the army said.\n"
            "Some 30 people were held in Bamako.\n")
    placed = {p.value: p.place for p in extract(text, published=PUBLISHED, context=context)}
    assert placed[51].lies_in("mali") and placed[30].lies_in("mali")


def test_the_port_of_a_name_that_begins_like_a_town_abroad(context) -> None:
    text = ("DUBAI (Wire) — Air strikes hit the Yemeni port of Ras Kanatib on Thursday, "
            "killing 6 dock workers, the rebel-run health ministry said.\n")
    assert _placed(context, text) == [(6, "Ras Kanatib")]


@pytest.mark.parametrize(("text", "expected"), [
    # "since 2015" after "has lost": a tally over years, the country's.
    ("DAKAR, Senegal (Wire) — Militants killed 50 soldiers near the village of Koubel in "
     "northern Niger on Sunday, the army said.\n"
     "Niger's army has lost more than 1,000 soldiers since 2015.\n",
     {50: "Koubel", 1000: "Niger"}),
])
def test_the_country_s_figures_beside_a_village_s(context, text: str, expected) -> None:
    assert dict(_placed(context, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A nationality is no place, though a city abroad or an island may be spelt so.
    ("JAKARTA (Wire) — A landslide buried 14 people in the village of Watukarang on "
     "Indonesian island of Flores on Wednesday.", [(14, "Watukarang")]),
    ("BANGKOK — Myanmar jets bombed a village near the town of Hpapun on Monday, and about "
     "2,000 villagers fled to the Thai border.", [(2000, "Hpapun")]),
    # "the island of X" names X whatever word follows it.
    ("ROME (Wire) — About 1,200 migrants landed on the island of Lampione over the weekend.",
     [(1200, "Lampione")]),
])
def test_a_nationality_is_not_a_place(context, text: str, expected) -> None:
    assert _placed(context, text) == expected


def test_entry_bans_on_officials_are_the_country_s(context) -> None:
    text = ("MONTEVIDEO, Uruguay — Police detained 60 protesters in Montevideo.\n"
            "Estonia and Latvia have imposed entry bans on 11 officials, among them the "
            "interior minister.\n"
            "Canada has banned 20 Uruguayan officers over the crackdown in Montevideo.\n")
    assert dict(_placed(context, text)) == {60: "Montevideo", 11: "Uruguay", 20: "Uruguay"}


def test_an_island_of_the_story_not_a_city_abroad_of_that_name(context) -> None:
    # The gazetteer knows "Pemba" only as a city of another country than the story's, one
    # the story never names: "the island of" says which is meant.
    text = ("DAR ES SALAAM, Tanzania — A ferry carrying 120 passengers sank off the island of "
            "Pemba on Sunday, police said.\n"
            "Divers have recovered 17 bodies, and 80 people were rescued.\n")
    placed = {p.value: p.place for p in extract(text, published=PUBLISHED, context=context)}
    assert {p.name for p in placed.values()} == {"Pemba"}
    assert all(p.lies_in("tanzania") for p in placed.values())


def test_a_province_within_a_region_is_known_by_its_kind(context) -> None:
    # A second-level subdivision (a province inside a region), named where a city abroad
    # has it only as another spelling.
    text = ("MANILA, Philippines — A fire on a ferry off the island of Basilan killed 31 "
            "passengers on Wednesday, the coast guard said.\n")
    assert _placed(context, text) == [(31, "Basilan")]


def test_the_state_as_the_subject_is_the_state_named_before(context) -> None:
    text = ("MEXICO CITY (Wire) — Gunmen killed 20 people in the village of El Tarral in "
            "Guerrero state on Saturday.\n"
            "The state has recorded more than 1,200 murders this year.\n"
            "The state government said 300 police were sent to the village.\n")
    placed = dict(_placed(context, text))
    assert placed[20] == placed[300] == "El Tarral" and placed[1200] == "Guerrero"


def test_a_place_only_the_headline_names(context) -> None:
    title = "Hundreds flee clashes in South Sudan's Upper Nile"
    text = (f"{title}\n\nJUBA (Wire) — Clashes between rival militias have forced about 800 "
            "families from their homes, officials said on Monday.\n"
            "At least 26 people were killed in two days of fighting, the officials said.\n")
    assert dict(_placed(context, text, title)) == {800: "Upper Nile", 26: "Upper Nile"}


@pytest.mark.parametrize("text", [
    "NIAMEY, Niger (Wire) — Militants killed 17 soldiers in an attack on an army post near "
    "the border with Mali, the defence ministry said.\nThe army said it had killed 30 "
    "attackers.\n",
    "NIAMEY, Niger (Wire) — Gunmen killed 17 soldiers and 30 civilians in a village on "
    "Sunday, the defence ministry said.\n",
])
def test_a_lead_set_away_from_the_dateline_city_is_the_country_s(context, text: str) -> None:
    assert {place for _v, place in _placed(context, text)} == {"Niger"}


def test_a_volcano_named_before_its_kind(context) -> None:
    text = ("JAKARTA (Wire) — Authorities evacuated 11,000 people from villages around the "
            "Tarumbi volcano on Wednesday.\n"
            "Some 800 homes were damaged by falling rocks, officials said.\n")
    assert dict(_placed(context, text)) == {11000: "Tarumbi", 800: "Tarumbi"}


def test_a_region_named_by_its_bearing_keeps_its_whole_name(context) -> None:
    text = ("LILONGWE (Wire) — Floods killed 9 people in the town of Chikala on Monday.\n"
            "The floods have affected 40,000 people in Malawi's Southern Region.\n")
    assert dict(_placed(context, text)) == {9: "Chikala", 40000: "Southern Region"}


def test_where_a_boat_s_passengers_came_from_is_not_where_it_sank(context) -> None:
    text = ("DHAKA, Bangladesh (Wire) — A boat carrying 180 refugees from camps in Cox's Bazar "
            "capsized off Myanmar's Rakhine state, the UN said.\n")
    assert _placed(context, text) == [(180, "Rakhine")]


def test_people_driven_from_their_homes_in_a_town_are_the_town_s(context) -> None:
    text = ("NAIROBI, Kenya — Floods forced 3,000 people from their homes in Garissa on "
            "Monday.\n")
    assert _placed(context, text) == [(3000, "Garissa")]


@pytest.mark.parametrize(("text", "expected"), [
    # A desk abroad: "the Somali capital" is Somalia's capital, and the story Somalia's.
    ("NAIROBI, Kenya (Wire) — A car bomb killed 8 people in the Somali capital on Friday, "
     "police said.\nAt least 15 others were wounded.\n", {8: "Mogadishu", 15: "Mogadishu"}),
    ("LIMA (Wire) — Police in the Chilean capital detained 30 protesters overnight.\n",
     {30: "Santiago"}),
    # "the state capital, X": X, not the state.
    ("CAIRO (Wire) — Fighters killed 40 villagers in Sudan's Gezira state on Wednesday.\n"
     "Another 20 were killed in the state capital, Wad Medani, on Thursday.\n",
     {40: "Gezira", 20: "Wad Medani"}),
])
def test_a_capital_named_by_its_kind(context, text: str, expected) -> None:
    assert dict(_placed(context, text)) == expected


def test_the_city_is_the_town_named_before(context) -> None:
    text = ("NAIROBI, Kenya — Floods killed 9 people in the town of Kaplamoi on Monday.\n"
            "The army says it has killed 120 rebels in the region since May.\n"
            "Looters burned 56 shops in the town's market.\n")
    assert dict(_placed(context, text))[56] == "Kaplamoi"


def test_a_tally_this_year_is_the_country_s(context) -> None:
    text = ("DAKAR, Senegal (Wire) — Militants attacked a convoy near Timbuktu in northern "
            "Mali on Tuesday, killing 11 soldiers, the army said.\n"
            "Mali's army has lost about 600 soldiers this year.\n")
    assert dict(_placed(context, text)) == {11: "Timbuktu", 600: "Mali"}


def test_the_provincial_capital_named_after_it(context) -> None:
    text = ("MAPUTO, Mozambique (Wire) — A cyclone killed 21 people in Zambezia province on "
            "Sunday.\nIn the provincial capital, Quelimane, 3,000 houses were destroyed.\n")
    assert dict(_placed(context, text))[3000] == "Quelimane"


@pytest.mark.parametrize(("text", "expected"), [
    # "the valley" no place was named for: the place last named by its kind …
    ("ISLAMABAD, Pakistan — Floods killed 31 people in the district of Kalam Dara, officials "
     "said.\nAbout 2,000 tourists were stranded in the valley.\n",
     {31: "Kalam Dara", 2000: "Kalam Dara"}),
    # … but an island nation's "across the island" is the country.
    ("COLOMBO, Sri Lanka — Floods killed 16 people in the Ratnapura district on Sunday.\n"
     "Across the island, 250,000 people were affected.\n",
     {16: "Ratnapura", 250000: "Sri Lanka"}),
])
def test_a_valley_or_an_island_spoken_of_again(context, text: str, expected) -> None:
    assert dict(_placed(context, text)) == expected


def test_outside_the_capital_is_not_the_capital(context) -> None:
    text = ("DHAKA (Wire) — Dengue has killed 1,000 people in Bangladesh this year, the health "
            "ministry said, 600 of them in Dhaka.\n"
            "Hospitals outside the capital are treating 9,000 patients.\n")
    assert dict(_placed(context, text)) == {1000: "Bangladesh", 600: "Dhaka", 9000: "Bangladesh"}


@pytest.mark.parametrize(("text", "expected"), [
    # A bearing from a place ("60 km to the west", "into the sea to the south") is not the
    # country's north or south.
    ("NAIROBI, Kenya — Gunmen killed 12 people in an attack on the Ombeti camp in Turkana "
     "on Friday.\nSome 40,000 people have left the camp since Friday, most of them for "
     "Lokori, about 60 km to the north.\n", {12: "Ombeti", 40000: "Ombeti"}),
    ("BUSAN, South Korea — Sailors on South Korea's Horando island fired 300 flares over "
     "the water to the east.\n", {300: "Horando"}),
])
def test_a_bearing_is_not_a_part_of_the_country(context, text: str, expected) -> None:
    assert dict(_placed(context, text)) == expected


def test_a_headline_telling_where_a_report_is_from(context) -> None:
    title = "Inquiry update from Eldoret"
    text = (f"{title}\n\nThe army plans to cut its forces in Kenya to 3,400 by August, a "
            "spokesman said.\n")
    assert _placed(context, text, title) == [(3400, "Kenya")]


def test_a_place_is_shown_as_english_copy_spells_it_not_with_the_gazetteer_s_marks() -> None:
    from knowledge.places import PlaceIndex

    places = PlaceIndex([])  # its own index: the first spelling met is the one shown
    text = ("AMMAN, Jordan — Shelling killed 4 people in Daraa on Monday, and air strikes hit "
            "Hudaydah and Ramadi.")
    shown = {text[m.start:m.end]: (m.place.id, m.place.name)
             for m in places.find(text, countries=("SY", "YE", "IQ"))}
    assert shown["Daraa"] == ("dar-a-sy", "Daraa")  # the gazetteer's Dar‘ā, its id kept
    assert shown["Hudaydah"][1] == "Hudaydah"  # Al Ḩudaydah
    assert shown["Ramadi"][1] == "Ramadi"  # Ar Ramādī
    later = places.find("DARAA, Syria — Protests grew.", countries=("SY",))
    assert {m.place.name for m in later} == {"Daraa", "Syria"}  # one name for one place


def test_a_province_inside_the_country_a_sentence_opens_with(context) -> None:
    text = ("QUETTA, Pakistan — Floods in the Zhob valley killed 17 people, officials said.\n"
            "In neighbouring Afghanistan, floods in Kandahar province killed 11 people.\n")
    assert _placed(context, text) == [(17, "Zhob"), (11, "Kandahar")]


def test_a_region_the_gazetteer_lacks_named_after_across(context) -> None:
    text = ("NYALA, Sudan — Shelling killed 9 people at a market in Nyala on Friday, "
            "medics said.\n"
            "Across Wadi Saleh, more than 40,000 people have fled their villages.\n")
    placed = _placed(context, text)
    assert placed[0] == (9, "Nyala") and placed[1] == (40_000, "Wadi Saleh")


def test_a_tally_since_a_month_or_since_the_war_began_is_the_country_s(context) -> None:
    text = ("MAROUA, Cameroon — Gunmen killed 8 villagers near Maroua on Sunday, the army said.\n"
            "Attacks have displaced 90,000 people since March, the UN said.\n"
            "More than 3,000 soldiers have been killed since the insurgency began.\n")
    assert _placed(context, text) == [(8, "Maroua"), (90_000, "Cameroon"), (3_000, "Cameroon")]


def test_a_force_where_it_stands_is_the_country_s_not_the_lead_town_s(context) -> None:
    text = ("BENI, Democratic Republic of Congo — Rebels killed 14 people in Beni on Monday, "
            "local officials said.\n"
            "About 2,000 Ugandan troops are deployed alongside the army, a spokesman said.\n")
    assert _placed(context, text) == [(14, "Beni"), (2_000, "Democratic Republic of the Congo")]


def test_a_city_spelled_with_or_without_a_final_h_is_the_gazetteer_s(context) -> None:
    # The gazetteer knows Al Hudaydah as "Hodeida" and "Hudaydah", not "Hodeidah".
    text = ("HODEIDAH, Yemen — Air strikes on the port killed 9 people on Wednesday.\n"
            "In Sanaa, Houthi authorities arrested 14 people.\n")
    placed = [(p.value, p.place.id if p.place else None) for p in
              extract(text, published=dt.date(2025, 3, 5), context=context)]
    assert placed == [(9, "al-hudaydah-ye"), (14, "sanaa-ye")]


def test_a_country_a_sentence_opens_with_keeps_its_own_figure(context) -> None:
    text = ("PRISTINA, Kosovo — Gunmen wounded 2 police officers near Zubin Potok on "
            "Saturday, the interior ministry said.\n"
            "Serbia has deployed 1,200 soldiers near the border, its president said in "
            "Belgrade.\n"
            "Albania has pledged 300 police officers, the ministry said.\n")
    placed = _placed(context, text)
    assert placed[:2] == [(2, "Zubin Potok"), (1_200, "Serbia")]
    # forces a country sends are not where it is
    assert placed[2][0] == 300 and placed[2][1] != "Albania"


def test_a_headline_ending_in_says_does_not_swallow_the_dateline(context) -> None:
    from knowledge.sentences import sentences

    text = ("Sudan war has displaced 12 million, UN agency says\n"
            "GENEVA, March 4 (Wire) - The war in Sudan has forced nearly 12 million people "
            "from their homes, the U.N. refugee agency said on Tuesday.\n"
            "Fighting in North Darfur killed at least 60 civilians last week, she said.\n")
    assert [s.text[:12] for s in sentences(text)] == ["Sudan war ha", "GENEVA, Marc",
                                                      "Fighting in "]
    assert dict(_placed(context, text, text.splitlines()[0])) == {12_000_000: "Sudan",
                                                                 60: "North Darfur"}
    # a hard-wrapped line that ends in "said" still goes on in the next
    assert len(sentences("Gunmen killed 9 people, officials said\non Monday.\n")) == 1


def test_of_countries_named_as_often_the_article_s_is_the_one_its_lead_names(context) -> None:
    # Algeria and Morocco are named as often as Western Sahara, whose place the lead gives.
    text = ("UN extends Western Sahara mission\n"
            "UNITED NATIONS, Oct 30 (Wire) - The Security Council on Thursday extended its "
            "peacekeeping mission in Western Sahara for another year.\n"
            "The mission has monitored a ceasefire between Morocco and the Polisario Front "
            "since 1991.\n"
            "About 173,000 Sahrawi refugees live in camps near Tindouf in Algeria.\n"
            "Polisario fighters fired 4 rockets near Mahbes last month, the mission said.\n")
    placed = [(p.value, p.place.id if p.place else None) for p in
              extract(text, published=dt.date(2025, 3, 5), context=context,
                      title=text.splitlines()[0])]
    assert placed == [(173_000, "tindouf-dz"), (4, "mahbes-eh")]


def test_a_place_named_after_in_country_is_that_country_s(context) -> None:
    text = ("TRIPOLI, Libya — At least 61 migrants are missing after their boat capsized off "
            "Zuwara, the IOM said.\n"
            "In Italy, coast guards picked up 340 migrants near the island of Lampedusa over "
            "the weekend.\n")
    placed = [(p.value, p.place.id if p.place else None) for p in
              extract(text, published=dt.date(2025, 3, 5), context=context)]
    assert placed == [(61, "zuwarah-ly"), (340, "lampedusa-it")]  # not a Libyan Lampedusa


def test_a_place_told_from_another_is_not_the_figure_s(context) -> None:
    text = ("LIMA, Peru — An oil spill at a refinery near Ventanilla, north of Lima, has "
            "closed 21 beaches, the environment ministry said.\n")
    assert _placed(context, text) == [(21, "Ventanilla")]


def test_a_province_of_a_country_the_sentence_names_first(context) -> None:
    text = ("KARACHI, Pakistan — A heatwave has killed 45 people in Sindh province this week.\n"
            "In neighbouring India, 18 people died of heatstroke in the state of Rajasthan.\n")
    assert _placed(context, text) == [(45, "Sindh"), (18, "Rajasthan")]


def test_names_listed_with_a_known_place_are_places_of_its_country(context) -> None:
    text = ("ATHENS, Greece — Some 4,000 asylum seekers are held in camps on Lesbos, Samos "
            "and Chios, the agency said.\n")
    assert _placed(context, text) == [(4_000, "Greece")]  # all three islands, not Chios


def test_a_route_is_not_where_its_figure_is(context) -> None:
    text = ("LA PAZ, Bolivia — A bus plunged into a ravine near the town of Yocalla on "
            "Tuesday, killing 18 passengers.\n"
            "The bus was carrying 47 people from Potosi to Oruro, a police spokesman said.\n")
    assert _placed(context, text) == [(18, "Yocalla"), (47, "Yocalla")]


def test_a_name_joined_by_a_lower_case_word_is_the_whole_name(context) -> None:
    text = ("MAPUTO, Mozambique — Insurgents attacked the port town of Mocimboa da Praia in "
            "Cabo Delgado province on Monday, killing at least 9 people.\n"
            "In the town of Santa Cruz do Sul, in Brazil, 400 residents were evacuated.\n")
    assert _placed(context, text) == [(9, "Mocimboa da Praia"), (400, "Santa Cruz do Sul")]


def test_where_the_speaker_is_is_not_the_figure_s(context) -> None:
    text = ("PORTO ALEGRE, Brazil — Floods in the state of Rio Grande do Sul have killed 29 "
            "people, the state government said.\n"
            "The federal government in Brasilia said it had sent 600 soldiers to help.\n"
            "The army in Porto Alegre said 40 people had been rescued near Canoas.\n"
            "Police in Pelotas said 3 people had drowned.\n")
    assert _placed(context, text) == [(29, "Rio Grande do Sul"), (600, "Rio Grande do Sul"),
                                      (40, "Canoas"), (3, "Pelotas")]


def test_a_force_in_a_country_speaking_is_that_country_s(context) -> None:
    text = ("SARAJEVO, Bosnia and Herzegovina — The peacekeeping force in Bosnia said it would "
            "bring in 500 reserve troops as a precaution after Russia's invasion of Ukraine.\n")
    assert _placed(context, text) == [(500, "Bosnia and Herzegovina")]


def test_a_camp_named_with_an_arabic_article(context) -> None:
    text = ("QAMISHLI, Syria — About 40,000 people are held in the al-Hol camp in Hasakah "
            "province, the Kurdish-led administration said.\n")
    assert _placed(context, text) == [(40_000, "al-Hol")]


def test_a_place_before_a_clause_s_subject_is_where_the_clause_happens(context) -> None:
    text = ("NAIROBI, Kenya — Protests spread to other cities.\n"
            "In Mombasa, about 2,000 people marched, and in Kisumu police arrested 25 "
            "protesters, local media reported.\n"
            "Clashes broke out near the Somali border, where 30 people were killed.\n")
    assert _placed(context, text) == [(2_000, "Mombasa"), (25, "Kisumu"), (30, "Kenya")]


def test_a_district_named_of_its_country_is_the_district(context) -> None:
    text = ("PESHAWAR, Pakistan — Militants stormed an army checkpoint in the South Waziristan "
            "district of northwest Pakistan before dawn, killing 16 soldiers.\n")
    assert _placed(context, text) == [(16, "South Waziristan")]


def test_what_is_sent_to_the_country_is_the_country_s(context) -> None:
    text = ("NYALA, Sudan — Cholera has killed 58 people in South Darfur state this month.\n"
            "The WHO said it had shipped 1.4 million doses of vaccine to the country.\n")
    assert _placed(context, text) == [(58, "South Darfur"), (1_400_000, "Sudan")]


def test_a_town_s_own_building_is_in_the_town(context) -> None:
    text = ("PESHAWAR, Pakistan — Police gave no figures.\n"
            "Gunmen killed 12 people at Kabul's main hospital on Tuesday.\n"
            "A doctor at Nyala's teaching hospital, which has 20 beds left, said supplies were "
            "short.\n"
            "Pakistan's army said 40 militants were killed.\n")
    assert _placed(context, text) == [(12, "Kabul"), (20, "Nyala"), (40, "Peshawar")]


def test_an_aside_does_not_end_at_a_thousands_comma(context) -> None:
    text = ("GOMA, Democratic Republic of Congo — Protesters marched on Monday.\n"
            "Goma, the largest city in the east, has seen protests against the UN mission, "
            "known as MONUSCO, which has about 14,000 troops in the country.\n")
    assert _placed(context, text) == [(14_000, "Democratic Republic of the Congo")]


def test_a_district_named_before_its_kind_after_a_verb(context) -> None:
    text = ("HERAT, Afghanistan — A 6.3-magnitude earthquake struck the Zinda Jan district of "
            "western Afghanistan on Saturday, killing at least 320 people.\n")
    assert _placed(context, text) == [(320, "Zinda Jan")]


def test_a_part_of_the_country_the_copy_does_not_name_is_not_the_lead_s_town(context) -> None:
    text = ("BAMAKO, Mali — Jihadists killed 21 soldiers near Boulkessi on Sunday.\n"
            "The fighting has displaced an estimated 350,000 people in the central region.\n"
            "In the town, 40 homes were burned.\n")
    assert _placed(context, text) == [(21, "Boulkessi"), (350_000, "Mali"), (40, "Boulkessi")]
