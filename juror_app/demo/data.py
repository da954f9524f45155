"""The demo edition's participants: the announcement's laureates and ~30 plausible others.

Addresses are plausible, not verified; phone numbers use the unallocated "000" block and
e-mail and web addresses live under example.org, so nobody real is ever contacted.
"""
from __future__ import annotations

from juror_app.models import Category as C

# name, category, voivodeship, city, postal code, street address, phone area code
ANNOUNCED = [
    ("Miejska Biblioteka Publiczna im. Tadeusza Różewicza we Wrocławiu", C.INSTYTUCJA_KULTURY,
     "dolnośląskie", "Wrocław", "50-136", "Rynek 58", "71"),
    ("Gmina Starogard Gdański", C.GMINA, "pomorskie", "Starogard Gdański", "83-200",
     "ul. Sikorskiego 9", "58"),
    ("Młodzieżowe Centrum Kultury w Legnicy", C.INSTYTUCJA_KULTURY, "dolnośląskie", "Legnica",
     "59-220", "ul. Chojnowska 2", "76"),
    ("Miasto Płońsk", C.GMINA, "mazowieckie", "Płońsk", "09-100", "ul. Płocka 39", "23"),
    ("Warszawskie Muzeum Komputerów", C.INSTYTUCJA_KULTURY, "mazowieckie", "Warszawa",
     "00-001", "ul. Przykładowa 12", "22"),
    ("Powiatowy Urząd Pracy w Kętrzynie", C.URZAD, "warmińsko-mazurskie", "Kętrzyn", "11-400",
     "ul. Pocztowa 11", "89"),
    ("Augustowskie Towarzystwo Budownictwa Społecznego „KODREM”", C.SPOLKA_KOMUNALNA,
     "podlaskie", "Augustów", "16-300", "ul. Młyńska 49", "87"),
    ("Gmina Wieliszew", C.GMINA, "mazowieckie", "Wieliszew", "05-135", "ul. Kościelna 6", "22"),
]

MORE = [
    ("Gmina Kobierzyce", C.GMINA, "dolnośląskie", "Kobierzyce", "55-040",
     "al. Pałacowa 1", "71"),
    ("Gmina Krasne", C.GMINA, "podkarpackie", "Krasne", "36-007", "Krasne 121", "17"),
    ("Gmina Miejska Kołobrzeg", C.GMINA, "zachodniopomorskie", "Kołobrzeg", "78-100",
     "ul. Ratuszowa 13", "94"),
    ("Gmina Zgierz", C.GMINA, "łódzkie", "Zgierz", "95-100", "ul. Łęczycka 4", "42"),
    ("Gmina Dobrzyca", C.GMINA, "wielkopolskie", "Dobrzyca", "63-330", "Rynek 14", "62"),
    ("Powiat Wielicki", C.POWIAT, "małopolskie", "Wieliczka", "32-020",
     "ul. Sienkiewicza 2", "12"),
    ("Powiat Opolski", C.POWIAT, "opolskie", "Opole", "45-064", "ul. 1 Maja 29", "77"),
    ("Powiat Łęczyński", C.POWIAT, "lubelskie", "Łęczna", "21-010", "al. Jana Pawła II 95A", "81"),
    ("Powiat Gnieźnieński", C.POWIAT, "wielkopolskie", "Gniezno", "62-200",
     "ul. Papieża Pawła VI 1", "61"),
    ("Samorząd Województwa Lubuskiego", C.SAMORZAD_WOJEWODZTWA, "lubuskie", "Zielona Góra",
     "65-057", "ul. Podgórna 7", "68"),
    ("Samorząd Województwa Świętokrzyskiego", C.SAMORZAD_WOJEWODZTWA, "świętokrzyskie",
     "Kielce", "25-516", "al. IX Wieków Kielc 3", "41"),
    ("Samorząd Województwa Kujawsko-Pomorskiego", C.SAMORZAD_WOJEWODZTWA,
     "kujawsko-pomorskie", "Toruń", "87-100", "pl. Teatralny 2", "56"),
    ("Urząd Skarbowy w Sosnowcu", C.URZAD, "śląskie", "Sosnowiec", "41-200",
     "ul. Braci Mieroszewskich 97", "32"),
    ("Powiatowy Urząd Pracy w Tczewie", C.URZAD, "pomorskie", "Tczew", "83-110",
     "ul. Łazienna 1", "58"),
    ("Urząd Stanu Cywilnego w Lublinie", C.URZAD, "lubelskie", "Lublin", "20-109",
     "ul. Kowalska 3", "81"),
    ("Wojewódzki Urząd Pracy w Opolu", C.URZAD, "opolskie", "Opole", "45-315",
     "ul. Głogowska 25C", "77"),
    ("Miejski Dom Kultury w Mielcu", C.INSTYTUCJA_KULTURY, "podkarpackie", "Mielec", "39-300",
     "ul. Żeromskiego 26", "17"),
    ("Muzeum Regionalne w Siedlcach", C.INSTYTUCJA_KULTURY, "mazowieckie", "Siedlce",
     "08-110", "ul. Piłsudskiego 1", "25"),
    ("Gminna Biblioteka Publiczna w Zbąszynku", C.INSTYTUCJA_KULTURY, "lubuskie", "Zbąszynek",
     "66-210", "ul. Rynek 2", "68"),
    ("Gminny Ośrodek Kultury w Mielnie", C.INSTYTUCJA_KULTURY, "zachodniopomorskie", "Mielno",
     "76-032", "ul. Kościelna 4", "94"),
    ("Wodociągi Kieleckie Sp. z o.o.", C.SPOLKA_KOMUNALNA, "świętokrzyskie", "Kielce",
     "25-734", "ul. Krakowska 64", "41"),
    ("Przedsiębiorstwo Gospodarki Komunalnej w Ełku Sp. z o.o.", C.SPOLKA_KOMUNALNA,
     "warmińsko-mazurskie", "Ełk", "19-300", "ul. Kilińskiego 46", "87"),
    ("Miejskie Przedsiębiorstwo Komunikacyjne w Łodzi Sp. z o.o.", C.SPOLKA_KOMUNALNA,
     "łódzkie", "Łódź", "90-132", "ul. Tramwajowa 6", "42"),
    ("Spółdzielnia Mieszkaniowa „Nasz Dom” w Bydgoszczy", C.SPOLDZIELNIA_WSPOLNOTA,
     "kujawsko-pomorskie", "Bydgoszcz", "85-791", "ul. Kosmonautów 9", "52"),
    ("Spółdzielnia Mieszkaniowa „Przyszłość” w Łodzi", C.SPOLDZIELNIA_WSPOLNOTA, "łódzkie",
     "Łódź", "93-138", "ul. Paderewskiego 15", "42"),
    ("Wspólnota Mieszkaniowa „Ogrodowa 12” w Olsztynie", C.SPOLDZIELNIA_WSPOLNOTA,
     "warmińsko-mazurskie", "Olsztyn", "10-423", "ul. Ogrodowa 12", "89"),
    ("Śląska Spółdzielnia Mieszkaniowa „Zielone Wzgórze”", C.SPOLDZIELNIA_WSPOLNOTA,
     "śląskie", "Katowice", "40-142", "ul. Grabowa 21", "32"),
    ("Stowarzyszenie „Aktywni Razem” w Tarnowie", C.INNA, "małopolskie", "Tarnów", "33-100",
     "ul. Wałowa 10", "14"),
    ("Szpital Powiatowy w Zawierciu", C.INNA, "śląskie", "Zawiercie", "42-400",
     "ul. Miodowa 14", "32"),
    ("Lokalna Grupa Działania „Puszcza Białowieska”", C.INNA, "podlaskie", "Hajnówka",
     "17-200", "ul. 3 Maja 45", "85"),
    ("Miejski Ośrodek Pomocy Rodzinie w Koszalinie", C.INNA, "zachodniopomorskie", "Koszalin",
     "75-411", "ul. Zwycięstwa 140", "94"),
]

RETURN_COMMENTS = [
    "Brak zdjęcia tablicy informacyjnej przy wejściu — dodaj je, proszę.",
    "Uzupełnij liczbę sygnałów przed odebraniem i opisz, kto odebrał telefon.",
    "Notatka jest zbyt ogólna: napisz, o co dokładnie pytałeś i co usłyszałeś.",
]

NOTES = {
    "visit": "Punkt obsługi na parterze, kolejka biletowa. Pytałem o wymianę dowodu osobistego.",
    "phone": "Pytanie o godziny otwarcia i potrzebne dokumenty; rozmówczyni przedstawiła się.",
    "email": "Zapytanie o termin wywozu odpadów wielkogabarytowych.",
    "social_media": "Wiadomość przez Messengera z pytaniem o zapisy na zajęcia.",
    "website": "Sprawdzone: dane kontaktowe, godziny, dostępność, wersja mobilna, e-usługi.",
}
