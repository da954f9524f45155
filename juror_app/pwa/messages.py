"""Texts the offline app shows, translated on the server and cached with the shell."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "loading": _l("Wczytywanie…"),
    "no_assignments": _l("Nie masz jeszcze przydzielonych uczestników. Koordynator przydzieli "
                         "je przed rozpoczęciem badania."),
    "closed_frozen": _l("Badanie w edycji „{name}” jest zakończone — wyniki zamrożono. "
                        "Kontaktów nie można już wysyłać ani zmieniać."),
    "closed_published": _l("Badanie w edycji „{name}” jest zakończone — wyniki opublikowano. "
                           "Kontaktów nie można już wysyłać ani zmieniać."),
    "closed_unfinished": _l("Niedokończone kontakty — nie można ich już uzupełnić:"),
    "closed_on_phone": _l("Zapisy w telefonie, których serwer już nie przyjmie (możesz je "
                          "usunąć w „Do wysłania”):"),
    "no_data_offline": _l("Brak zapisanych danych. Połącz się raz z internetem, aby pobrać "
                          "swoje zadania na telefon."),
    "offline": _l("Jesteś offline — zapisy czekają w telefonie i wyślą się same."),
    "offline_short": _l("offline"),
    "from_cache": _l("Lista zadań z pamięci telefonu, pobrana {age}."),
    "due": _l("termin {date}"),
    "overdue": _l("po terminie"),
    "all_done": _l("wszystko zapisane"),
    "unsynced": _l("Niewysłane: {count}, najstarszy {age}"),
    "age_now": _l("przed chwilą"),
    "age_minutes": _l("{n} min temu"),
    "age_hours": _l("{n} godz. temu"),
    "age_days": _l("{n} dni temu"),
    "all_synced": _l("Wszystko wysłane"),
    "sync_now": _l("Synchronizuj teraz"),
    "syncing": _l("Wysyłanie: {done}/{records} zapisów, {sent} z {bytes}"),
    "relogin": _l("Zaloguj się ponownie"),
    "relogin_text": _l("Sesja tego urządzenia wygasła lub została cofnięta. Zapisy pozostają "
                       "w telefonie i wyślą się po zalogowaniu."),
    "ios_warning": _l("Najstarszy niewysłany zapis ma ponad 3 dni. Na iPhonie system może "
                      "usunąć dane nieużywanych stron — połącz się z internetem i wyślij zapisy."),
    "needs_attention": _l("wymaga uwagi"),
    "waiting": _l("czeka na wysłanie"),
    "waiting_reply": _l("czeka na odpowiedź"),
    "awaiting_reply": _l("czeka na odpowiedź"),
    "waiting_sent_at": _l("wysłano {time}"),
    "returned": _l("zwrócony do poprawy"),
    "sent": _l("wysłany"),
    "approved": _l("zatwierdzony"),
    "rejected": _l("odrzucony"),
    "resubmitted": _l("wysłany ponownie"),
    "submitted": _l("wysłany"),
    "outbox": _l("Do wysłania"),
    "outbox_empty": _l("Nic nie czeka na wysłanie."),
    "assignments": _l("Moi uczestnicy"),
    "list_hint": _l("Dotknij uczestnika, aby zapisać kontakt."),
    "back": _l("Wróć"),
    "open": _l("Otwórz"),
    "correct": _l("Popraw"),
    "new_contact": _l("Nowy kontakt"),
    "coordinator_comment": _l("Uwagi koordynatora: {comment}"),
    "channel_visit": _l("Wizyta"),
    "channel_phone": _l("Telefon"),
    "channel_email": _l("E-mail"),
    "channel_social_media": _l("Media społecznościowe"),
    "channel_website": _l("Strona internetowa"),
    "start_visit": _l("Wchodzę — start"),
    "service_starts": _l("Początek obsługi"),
    "end_visit": _l("Koniec wizyty"),
    "start_call": _l("Dzwonię — start"),
    "answered": _l("Odebrano"),
    "ring": _l("+1 sygnał"),
    "transfer": _l("+1 przełączenie"),
    "hold_on": _l("Czekam na linii"),
    "hold_off": _l("Koniec czekania"),
    "end_call": _l("Rozłączono"),
    "sent_at": _l("Wysłano wiadomość"),
    "reply_at": _l("Otrzymano odpowiedź"),
    "reply_pending": _l("Nie ma jeszcze odpowiedzi? Zapisz kontakt jako „czeka na odpowiedź” "
                        "i wpisz czas odpowiedzi, gdy przyjdzie."),
    "started_at": _l("Początek"),
    "ended_at": _l("Koniec"),
    "measurements": _l("Pomiary"),
    "criteria": _l("Ocena"),
    "computed": _l("punkty liczone z pomiaru"),
    "not_applicable": _l("nie dotyczy"),
    "notes": _l("Notatki"),
    "photos_on_server": _l("Już wysłane zdjęcia: {count}. Serwer je zachowuje — dodaj tylko "
                           "brakujące."),
    "photo_on_server": _l("Zdjęcie {n} na serwerze"),
    "photos": _l("Zdjęcia"),
    "photo": _l("zdjęcie"),
    "thumbnail": _l("Podgląd zdjęcia {name}"),
    "take_photo": _l("Zrób zdjęcie"),
    "choose_photo": _l("Z galerii"),
    "remove": _l("Usuń"),
    "geolocation": _l("Dołącz moje położenie do wizyty (wymaga zgody)"),
    "geolocation_failed": _l("Nie udało się ustalić położenia — zapis bez położenia."),
    "save": _l("Zapisz i wyślij"),
    "save_waiting": _l("Zapisz — czeka na odpowiedź"),
    "saved": _l("Zapisano w telefonie. Wyślemy, gdy tylko będzie połączenie."),
    "saved_draft": _l("Zapisano jako „czeka na odpowiedź”. Wpisz czas odpowiedzi, gdy przyjdzie."),
    "photo_already_sent": _l("To zdjęcie zostało już wysłane na serwer — nie można go "
                             "usunąć."),
    "photo_refused": _l("Serwer nie przyjął tego zdjęcia: {reason} Usuń je i zapisz ponownie."),
    "photo_sending": _l("To zdjęcie właśnie się wysyła — poczekaj chwilę. Gdy dotrze na "
                        "serwer, nie będzie go można usunąć."),
    "save_failed": _l("Nie udało się zapisać w telefonie ({error}) — nic nie zapisano. "
                      "Zostań na tej stronie i spróbuj ponownie; jeśli brakuje miejsca, zwolnij "
                      "je albo najpierw wyślij zaległe kontakty."),
    "newer_version": _l("Jest nowsza wersja aplikacji. Dokończ i zapisz to, co wpisujesz, a "
                        "potem odśwież stronę."),
    "storage_full": _l("Pamięć telefonu jest pełna — wysyłanie wstrzymane, bo telefon nie może "
                       "zapisać, co już wysłał. Zwolnij miejsce (usuń zbędne zdjęcia lub "
                       "aplikacje) i dotknij „Synchronizuj teraz”. Zapisy czekają w telefonie."),
    "data_too_new": _l("Ta wersja aplikacji jest starsza niż dane w telefonie — odśwież "
                       "stronę, gdy będzie dostępna sieć. Zapisy czekają w telefonie."),
    "data_unreadable": _l("Nie udało się otworzyć danych aplikacji w telefonie ({error}). "
                          "Odśwież stronę; nie usuwaj danych przeglądarki — mogą w nich "
                          "czekać niewysłane zapisy."),
    "missing_scores": _l("Oceń wszystkie kryteria: {labels}."),
    "missing_times": _l("Podaj czas rozpoczęcia i zakończenia."),
    "times_order": _l("Koniec nie może być przed początkiem."),
    "time_future": _l("Ten czas jest jeszcze w przyszłości — sprawdź datę i godzinę."),
    "time_outside": _l("Ten czas jest poza okresem badania edycji ({first} – {last})."),
    "photo_processing": _l("Przygotowuję zdjęcie…"),
    "photo_cap": _l("To już limit zdjęć dla jednego kontaktu ({max}). Usuń któreś, aby "
                    "dodać inne."),
    "photo_cap_sent": _l("To już limit zdjęć dla jednego kontaktu ({max}), a wszystkie są już "
                         "wysłane na serwer — nie można dodać kolejnych."),
    "photo_cap_skipped": _l("Dodano tylko część wybranych zdjęć ({added} z {picked}): limit "
                            "dla jednego kontaktu to {max}."),
    "photo_original": _l("oryginał (przeglądarka nie umie go zmniejszyć)"),
    "logout": _l("Wyloguj"),
    "logout_confirm": _l("W telefonie są niewysłane zapisy: {count}. Po wylogowaniu zostaną "
                         "w telefonie i wyślą się po ponownym zalogowaniu na tym urządzeniu. "
                         "Wylogować mimo to?"),
    "cancel": _l("Anuluj"),
    "confirm_logout": _l("Wyloguj mimo to"),
    "login_needed": _l("Zaloguj się, aby pobrać zadania na to urządzenie."),
    "call": _l("Zadzwoń"),
    "write": _l("Napisz"),
    "website": _l("Strona"),
    "attention_help": _l("Popraw zapis i zapisz go ponownie."),
    "discard": _l("Usuń z telefonu"),
    "other_juror": _l("Zapis innego jurora na tym telefonie — wyśle się, gdy on się zaloguje."),
    "discard_confirm": _l("Usunąć z telefonu zapis „{name}”, którego serwer nie przyjął? "
                          "Tej operacji nie można cofnąć."),
    "discard_photos": _l("Usuń odrzucone zdjęcia"),
    "discard_photos_confirm": _l("Usunąć z telefonu zdjęcia, których serwer nie przyjął: "
                                 "{photos}? Kontakt i jego pozostałe zdjęcia zostają i wyślą "
                                 "się. Tej operacji nie można cofnąć."),
    "no_connection": _l("Brak połączenia z serwerem — ponowimy próbę."),
    "persist_denied": _l("Przeglądarka nie zagwarantowała trwałego przechowywania — wysyłaj "
                         "zapisy przy pierwszej okazji."),
}


def client_messages() -> dict[str, str]:
    """The texts in the current language, as plain strings for JSON."""
    return {key: str(text) for key, text in MESSAGES.items()}
