/* rapport-demo-tables.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include "rapport-demo-private.h"

#include <string.h>

/* The data the demo dataset is made of: locales, the support team, the support scenarios
 * with their templates, the small lists the templates draw from, and the first story
 * customer. Changing any of it changes the dataset (and the numbers in the tests, the
 * benchmark and docs/performance.md). */

/* ------------------------------------------------------------------------------------ */
/* Dates                                                                                 */

const char * const _rapport_demo_month_names[] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

/* ------------------------------------------------------------------------------------ */
/* Locales: names, cities, companies, phone formats and currencies (the format is in
 * rapport-demo-private.h)                                                               */

const LocaleDef _rapport_demo_locale_defs[] = {
  { "fr", 10, ORDER_GIVEN_FIRST,
    "Amélie;Léa;Manon;Inès;Camille;Élodie;Hélène;Juliette;Océane;Maëlle;Noémie;Sophie",
    "Théo;Mathéo;Loïc;Benoît;Jérôme;François;Raphaël;Hugo;Gaël;Étienne;Julien;Aurélien",
    "Dubois;Lefèvre;Moreau;Girard;Fournier;Mercier;Bonnet;Rousseau;Lemaître;Chevalier;"
    "Faure;Gauthier;Bérard;Lacroix",
    "Lyon;Marseille;Nantes;Bordeaux;Toulouse;Lille;Rennes;Strasbourg;Montpellier;Grenoble",
    "Boulangerie {last};Atelier {last};{last} & Fils;Cabinet {last};Transports {last} SARL;"
    "Garage {last};Fromagerie de {city};Librairie {last}",
    "+33 7 DD DD DD DD", "EUR", 2, 100, 1 },
  { "es", 8, ORDER_GIVEN_FIRST,
    "Lucía;Sofía;Inés;Begoña;Nerea;Pilar;Marta;Ainhoa;Rocío;Carmen;Elena;Maite",
    "Martín;Álvaro;Jesús;Ramón;Íñigo;Adrián;Sergio;Joaquín;Andrés;Rubén;Óscar;Víctor",
    "García;Fernández;Martínez;Sánchez;Gómez;Jiménez;Muñoz;Ruiz;Álvarez;Castaño;Ibáñez;"
    "Núñez;Domínguez;Peña",
    "Madrid;Sevilla;Valencia;Bilbao;Zaragoza;Málaga;A Coruña;Salamanca;Córdoba",
    "Taller {last};Panadería {last};Clínica Dental {city};Construcciones {last} S.L.;"
    "Librería {last};Bodegas {last}",
    "+34 7DD DDD DDD", "EUR", 2, 100, 1 },
  { "mx", 4, ORDER_GIVEN_FIRST,
    "Ximena;Valentina;Guadalupe;Fernanda;Regina;Itzel;Daniela;Renata",
    "Diego;Emiliano;Rodrigo;Santiago;Mateo;Sebastián;Leonardo;Iker",
    "Hernández;Ramírez;Torres;Flores;Vázquez;Cruz;Morales;Reyes;Gutiérrez;Mendoza;Aguilar",
    "Ciudad de México;Guadalajara;Monterrey;Puebla;Mérida;Querétaro;Oaxaca",
    "Refaccionaria {last};Café {city};Abarrotes {last};Grupo {last};Papelería {last}",
    "+52 55 DDDD DDDD", "MXN", 2, 1800, 100 },
  { "br", 6, ORDER_GIVEN_FIRST,
    "Letícia;Mariana;Luíza;Gabriela;Júlia;Conceição;Beatriz;Larissa;Fernanda",
    "João;Thiago;Caio;Vinícius;Otávio;Gonçalo;Luís;Felipe;Matheus",
    "Souza;Oliveira;Santos;Pereira;Costa;Rodrigues;Almeida;Nascimento;Araújo;Carvalho;"
    "Gonçalves;Ribeiro",
    "São Paulo;Rio de Janeiro;Belo Horizonte;Curitiba;Porto Alegre;Recife;Florianópolis",
    "Padaria {last};Oficina {last};{last} Comércio Ltda.;Estúdio {last};Pousada {city}",
    "+55 11 9DDDD-DDDD", "BRL", 2, 550, 10 },
  { "pt", 3, ORDER_GIVEN_FIRST,
    "Inês;Leonor;Matilde;Beatriz;Margarida;Carolina",
    "Gonçalo;Duarte;Afonso;Rúben;Simão;Tomás",
    "Ferreira;Sousa;Marques;Fonseca;Mendes;Nunes;Pinto;Teixeira;Magalhães;Antunes",
    "Lisboa;Porto;Braga;Coimbra;Faro;Évora",
    "Pastelaria {last};{last} & Filhos, Lda.;Oficina de {city};Mercearia {last}",
    "+351 9DD DDD DDD", "EUR", 2, 100, 1 },
  { "de", 9, ORDER_GIVEN_FIRST,
    "Mia;Lena;Katharina;Greta;Jana;Anneliese;Frauke;Hannah;Lotte;Wiebke;Jutta;Dörte",
    "Jürgen;Jörg;Lukas;Jonas;Björn;Sören;Maximilian;Uwe;Moritz;Tobias;Günther;Malte",
    "Müller;Schröder;Weiß;Groß;Köhler;Schäfer;Becker;Hoffmann;Krüger;Wagner;Böhm;Lange;"
    "Schütz;Vogel",
    "München;Köln;Düsseldorf;Hamburg;Leipzig;Nürnberg;Münster;Freiburg;Lübeck",
    "Bäckerei {last};Autohaus {last};{last} Logistik GmbH;Praxis Dr. {last};"
    "Buchhandlung {last};Tischlerei {last}",
    "+49 157 DDDD DDDD", "EUR", 2, 100, 1 },
  { "it", 7, ORDER_GIVEN_FIRST,
    "Giulia;Francesca;Chiara;Alessandra;Ilaria;Martina;Beatrice;Elisa",
    "Niccolò;Lorenzo;Matteo;Federico;Gabriele;Andrea;Davide;Tommaso",
    "Rossi;Russo;Ferrari;Esposito;Bianchi;Romano;Colombo;Ricci;Marino;Greco;De Luca;"
    "D'Angelo;Conti",
    "Milano;Torino;Bologna;Firenze;Napoli;Genova;Verona;Bari",
    "Trattoria {last};Officina {last};{last} S.r.l.;Farmacia di {city};Pasticceria {last}",
    "+39 3DD DDD DDD", "EUR", 2, 100, 1 },
  { "nl", 4, ORDER_GIVEN_FIRST,
    "Sanne;Fleur;Eline;Noor;Femke;Lotte;Anouk",
    "Daan;Thijs;Joris;Bram;Ruud;Sem;Jeroen",
    "de Vries;van den Berg;Jansen;Bakker;Visser;Smit;Meijer;van Dijk;de Jong;Mulder",
    "Utrecht;Rotterdam;Amsterdam;Eindhoven;Groningen;Leiden;Haarlem",
    "{last} Installatietechniek B.V.;Bakkerij {last};Fietsenwinkel {last};{last} & Zn.",
    "+31 6 DDDD DDDD", "EUR", 2, 100, 1 },
  { "pl", 4, ORDER_GIVEN_FIRST,
    "Małgorzata;Zofia;Agnieszka;Katarzyna;Joanna;Ewa;Alicja",
    "Łukasz;Wojciech;Paweł;Michał;Grzegorz;Bartłomiej;Jędrzej",
    "Nowak;Wójcik;Mazur;Krawczyk;Kaczmarek;Zając;Król;Wróbel;Dudek;Pawlak;Sikora;"
    "Kowalski/Kowalska;Wiśniewski/Wiśniewska;Dąbrowski/Dąbrowska",
    "Kraków;Wrocław;Gdańsk;Łódź;Poznań;Warszawa;Lublin",
    "{last} Sp. z o.o.;Piekarnia {last};Auto-Serwis {last};Kwiaciarnia {city}",
    "+48 5DD DDD DDD", "PLN", 2, 430, 10 },
  { "cz", 3, ORDER_GIVEN_FIRST,
    "Tereza;Kateřina;Lucie;Zuzana;Barbora;Markéta",
    "Jiří;Tomáš;Ondřej;Lukáš;Vojtěch;Radek",
    "Novák/Nováková;Dvořák/Dvořáková;Černý/Černá;Procházka/Procházková;Kučera/Kučerová;"
    "Veselý/Veselá;Horák/Horáková;Němec/Němcová",
    "Praha;Brno;Ostrava;Plzeň;Olomouc;České Budějovice",
    "Pekárna {city};Autoservis {last};{last} a syn s.r.o.;Květinářství {city}",
    "+420 7DD DDD DDD", "CZK", 2, 2500, 100 },
  { "se", 3, ORDER_GIVEN_FIRST,
    "Åsa;Linnéa;Märta;Elin;Sofia;Ebba",
    "Björn;Göran;Oskar;Måns;Henrik;Åke",
    "Andersson;Johansson;Lindström;Bergström;Sjöberg;Åberg;Nyström;Lundqvist;Öberg;Ekström",
    "Göteborg;Malmö;Uppsala;Västerås;Örebro;Linköping",
    "{last} Bygg AB;Café {city};{last}s Cykel AB;Blomsterhandel {last}",
    "+46 7D DDD DD DD", "SEK", 2, 1150, 100 },
  { "no", 2, ORDER_GIVEN_FIRST,
    "Solveig;Ingrid;Ragnhild;Tuva;Sigrid;Åse",
    "Øystein;Håkon;Sigurd;Eirik;Bjørn;Kåre",
    "Hansen;Johansen;Olsen;Larsen;Bakken;Haugen;Sæther;Strøm;Nygård;Løken;Dahl",
    "Bergen;Trondheim;Stavanger;Tromsø;Drammen;Ålesund",
    "{last} Elektro AS;Bakeri {city};{last} Rør AS;Sykkelverksted {last}",
    "+47 4DD DD DDD", "NOK", 2, 1170, 100 },
  { "dk", 2, ORDER_GIVEN_FIRST,
    "Mette;Ida;Signe;Freja;Astrid;Karen",
    "Søren;Frederik;Mads;Rasmus;Jørgen;Anders",
    "Nielsen;Jensen;Pedersen;Kristensen;Sørensen;Rasmussen;Thomsen;Mølgaard;Højgaard",
    "København;Aarhus;Odense;Aalborg;Esbjerg;Roskilde",
    "{last} ApS;Bageriet i {city};{last} VVS;Cykelsmeden {last}",
    "+45 2DDD DDDD", "DKK", 2, 745, 100 },
  { "fi", 2, ORDER_GIVEN_FIRST,
    "Aino;Päivi;Sanna;Helmi;Elina;Kaisa",
    "Eetu;Jyrki;Tuomas;Onni;Väinö;Jukka",
    "Virtanen;Korhonen;Mäkinen;Nieminen;Hämäläinen;Järvinen;Heikkinen;Koskinen;Lehtonen;"
    "Mäkelä",
    "Helsinki;Tampere;Turku;Oulu;Jyväskylä;Espoo",
    "{last} Oy;Kahvila {city};Rakennus {last} Oy;Leipomo {last}",
    "+358 4D DDD DDDD", "EUR", 2, 100, 1 },
  { "tr", 4, ORDER_GIVEN_FIRST,
    "Ayşe;Zeynep;Elif;Şule;Özge;Derya;Gülşen",
    "Mehmet;Çağrı;Gökhan;Burak;İbrahim;Emre;Oğuz",
    "Yılmaz;Kaya;Demir;Şahin;Çelik;Yıldız;Öztürk;Aydın;Arslan;Doğan;Kılıç;Aslan",
    "İstanbul;Ankara;İzmir;Bursa;Antalya;Eskişehir",
    "{last} Ticaret Ltd. Şti.;{last} Oto Servis;{city} Fırını;{last} Tekstil",
    "+90 53D DDD DD DD", "TRY", 2, 3500, 100 },
  { "gr", 2, ORDER_GIVEN_FIRST,
    "Ελένη|eleni;Κατερίνα|katerina;Δήμητρα|dimitra;Σοφία|sofia;Γεωργία|georgia",
    "Γιώργος|giorgos;Νίκος|nikos;Κώστας|kostas;Γιάννης|giannis;Δημήτρης|dimitris",
    "Παπαδόπουλος|papadopoulos/Παπαδοπούλου|papadopoulou;"
    "Οικονόμου|oikonomou;Γεωργίου|georgiou;"
    "Νικολάου|nikolaou;Καραγιάννης|karagiannis/Καραγιάννη|karagianni;"
    "Βλάχος|vlachos/Βλάχου|vlachou",
    "Αθήνα;Θεσσαλονίκη;Πάτρα;Ηράκλειο;Λάρισα",
    "{last} Α.Ε.;Φούρνος {city};Ταβέρνα {last}",
    "+30 69D DDD DDDD", "EUR", 2, 100, 1 },
  { "gb", 8, ORDER_GIVEN_FIRST,
    "Olivia;Amelia;Isla;Poppy;Charlotte;Imogen;Freya;Harriet",
    "Harry;George;Oliver;Freddie;Alfie;Rhys;Callum;Archie",
    "Smith;Taylor;Brown;Wilson;Evans;Thompson;Hughes;Clarke;Walker;Patel;Ahmed;Davies",
    "Manchester;Leeds;Bristol;Glasgow;Cardiff;Brighton;Norwich;York",
    "{last} & Sons Ltd;{city} Plumbing Ltd;The {last} Bakery;{last} Joinery;"
    "{city} Physio Clinic",
    "+44 77DD DDDDDD", "GBP", 2, 85, 1 },
  { "ie", 2, ORDER_GIVEN_FIRST,
    "Siobhán;Aoife;Niamh;Róisín;Caoimhe;Saoirse",
    "Seán;Ciarán;Pádraig;Oisín;Cathal;Darragh",
    "Ó Súilleabháin;O'Brien;Murphy;Kelly;Byrne;Walsh;Ryan;Doyle;McCarthy;Ó Ceallaigh",
    "Dublin;Cork;Galway;Limerick;Waterford;Kilkenny",
    "{last} Motors;{city} Florists;{last} & Co. Solicitors;The {city} Kitchen",
    "+353 8D DDD DDDD", "EUR", 2, 100, 1 },
  { "us", 9, ORDER_GIVEN_FIRST,
    "Emma;Ava;Harper;Madison;Zoë;Abigail;Savannah;Brianna;Renée",
    "Mason;Ethan;Jackson;Caleb;Noah;Logan;Tyler;Andre",
    "Johnson;Williams;Miller;Davis;Anderson;Jackson;White;Harris;Nguyen;Robinson;Carter",
    "Portland;Austin;Denver;Chicago;Boston;Seattle;Atlanta;Minneapolis;Tucson",
    "{last} Hardware;{city} Dental Group;{last} & Partners LLC;Blue Door Coffee;"
    "{last} Landscaping Inc.",
    "+1 (3DD) 5DD-DDDD", "USD", 2, 108, 1 },
  { "in", 5, ORDER_GIVEN_FIRST,
    "Ananya;Kavya;Diya;Meera;Lakshmi;Aishwarya;Sneha",
    "Aarav;Rohan;Arjun;Vikram;Sanjay;Karthik;Rahul",
    "Sharma;Iyer;Reddy;Patel;Gupta;Menon;Nair;Banerjee;Rao;Mukherjee;Chatterjee",
    "Bengaluru;Pune;Chennai;Hyderabad;Kochi;Jaipur",
    "{last} Traders;{last} & Sons;{city} Textiles Pvt. Ltd.;{last} Enterprises",
    "+91 98DDD DDDDD", "INR", 2, 9000, 100 },
  { "ma", 3, ORDER_GIVEN_FIRST,
    "Yasmine;Salma;Imane;Zineb;Kenza;Houda",
    "Karim;Mehdi;Hamza;Anas;Youssef;Omar",
    "El Amrani;Benali;Alaoui;Bennani;Tazi;Chraibi;El Idrissi;Berrada",
    "Casablanca;Rabat;Marrakech;Fès;Tanger;Agadir",
    "Riad {last};{last} Import-Export SARL;Café de {city};Atelier {last}",
    "+212 6DD DDD DDD", "MAD", 2, 1080, 100 },
  { "eg", 2, ORDER_GIVEN_FIRST,
    "مريم|mariam;نور|nour;سارة|sara;ليلى|layla;هدى|hoda",
    "أحمد|ahmed;يوسف|youssef;عمر|omar;كريم|kareem;مصطفى|mostafa",
    "حسن|hassan;محمود|mahmoud;عبد الله|abdallah;سعيد|saeed;إبراهيم|ibrahim;فاروق|farouk",
    "القاهرة;الإسكندرية;الجيزة;المنصورة",
    "مخبز {last};شركة {last} للتجارة;صيدلية {city}",
    "+20 10 DDDD DDDD", "EGP", 2, 5200, 100 },
  { "vn", 2, ORDER_FAMILY_FIRST,
    "Thu Trang;Hải Yến;Ngọc Lan;Phương Linh;Minh Anh;Thảo Vy",
    "Quốc Bảo;Đức Anh;Thanh Tùng;Minh Khôi;Hoàng Nam;Tuấn Kiệt",
    "Nguyễn;Trần;Lê;Phạm;Hoàng;Vũ;Đặng;Bùi",
    "Hà Nội;Thành phố Hồ Chí Minh;Đà Nẵng;Huế;Hải Phòng",
    "Công ty {last};Cà phê {city};Tiệm bánh {last}",
    "+84 9D DDD DD DD", "VND", 0, 2700000, 1000 },
  { "jp", 3, ORDER_FAMILY_FIRST_NOSPACE,
    "陽菜|hina;結衣|yui;美咲|misaki;さくら|sakura;葵|aoi",
    "蓮|ren;大翔|hiroto;翔太|shota;健一|kenichi;悠真|yuma",
    "佐藤|sato;鈴木|suzuki;高橋|takahashi;田中|tanaka;渡辺|watanabe;伊藤|ito;山本|yamamoto;"
    "中村|nakamura",
    "東京;大阪;名古屋;札幌;福岡;横浜",
    "{last}商店;株式会社{last}工務店;{city}ベーカリー",
    "+81 90 DDDD DDDD", "JPY", 0, 16000, 10 },
  { "kr", 2, ORDER_FAMILY_FIRST_NOSPACE,
    "서연|seoyeon;하은|haeun;지우|jiwoo;수아|sua;민서|minseo",
    "민준|minjun;지호|jiho;도윤|doyun;예준|yejun;현우|hyunwoo",
    "김|kim;이|lee;박|park;최|choi;정|jung;강|kang;조|cho;윤|yoon",
    "서울;부산;인천;대구;대전",
    "{city}상회;주식회사 {last}테크;{last}네 베이커리",
    "+82 10 DDDD DDDD", "KRW", 0, 145000, 100 },
  { "cn", 3, ORDER_FAMILY_FIRST_NOSPACE,
    "芳|fang;静|jing;婷|ting;敏|min;丽|li",
    "伟|wei;磊|lei;洋|yang;杰|jie;强|qiang",
    "王|wang;李|li;张|zhang;刘|liu;陈|chen;杨|yang;黄|huang;周|zhou",
    "上海;北京;深圳;杭州;成都;广州",
    "{city}贸易有限公司;{last}记餐厅;{city}{last}氏茶行",
    "+86 139 DDDD DDDD", "CNY", 2, 780, 100 },
  { "hu", 2, ORDER_FAMILY_FIRST,
    "Eszter;Zsófia;Réka;Anikó;Tünde;Boglárka",
    "Dániel;Bence;Ádám;Levente;Gergő;Zoltán",
    "Nagy;Kovács;Tóth;Szabó;Horváth;Varga;Kiss;Molnár;Németh;Farkas",
    "Budapest;Debrecen;Szeged;Pécs;Győr",
    "{last} és Társa Kft.;{last} Pékség;{city} Autószerviz Kft.",
    "+36 3D DDD DDDD", "HUF", 2, 39500, 10000 },
  { "ro", 2, ORDER_GIVEN_FIRST,
    "Ioana;Andreea;Cătălina;Ana-Maria;Mădălina;Irina",
    "Bogdan;Ștefan;Mihai;Răzvan;Andrei;Cristian",
    "Popescu;Ionescu;Dumitrescu;Stan;Constantinescu;Munteanu;Țurcanu;Dobre",
    "București;Cluj-Napoca;Timișoara;Iași;Brașov",
    "{last} Construct SRL;Brutăria {last};{city} Auto SRL",
    "+40 7DD DDD DDD", "RON", 2, 500, 10 },
};

/* The locales parsed for use, made once: names with their address forms, split lists. */

static void
parse_word (const char *text,
            Word       *word)
{
  const char *bar = strchr (text, '|');

  if (bar != NULL)
    {
      word->display = g_strndup (text, bar - text);
      word->ascii = g_strdup (bar + 1);
    }
  else
    {
      GString *ascii = g_string_new (NULL);

      word->display = g_strdup (text);
      _rapport_demo_append_folded (ascii, text);
      word->ascii = g_string_free (ascii, FALSE);
    }
}

static Word *
parse_words (const char *list,
             guint      *n_out)
{
  g_auto(GStrv) parts = g_strsplit (list, ";", -1);
  guint n = g_strv_length (parts);
  Word *words = g_new0 (Word, n);

  for (guint i = 0; i < n; i++)
    parse_word (parts[i], &words[i]);

  *n_out = n;
  return words;
}

const Tables *
_rapport_demo_get_tables (void)
{
  static Tables *tables = NULL;

  if (g_once_init_enter (&tables))
    {
      Tables *t = g_new0 (Tables, 1);

      for (guint i = 0; i < G_N_ELEMENTS (_rapport_demo_locale_defs); i++)
        {
          const LocaleDef *def = &_rapport_demo_locale_defs[i];
          Locale *loc = &t->locales[i];
          g_auto(GStrv) families = NULL;
          const char *p;
          guint n = 0;

          loc->def = def;
          loc->female = parse_words (def->female, &loc->n_female);
          loc->male = parse_words (def->male, &loc->n_male);

          families = g_strsplit (def->family, ";", -1);
          loc->n_family = g_strv_length (families);
          loc->family = g_new0 (Family, loc->n_family);
          for (guint j = 0; j < loc->n_family; j++)
            {
              const char *slash = strchr (families[j], '/');

              if (slash != NULL)
                {
                  g_autofree char *masculine = g_strndup (families[j], slash - families[j]);

                  parse_word (masculine, &loc->family[j].masculine);
                  parse_word (slash + 1, &loc->family[j].feminine);
                }
              else
                {
                  parse_word (families[j], &loc->family[j].masculine);
                  parse_word (families[j], &loc->family[j].feminine);
                }
            }

          loc->cities = g_strsplit (def->cities, ";", -1);
          loc->n_cities = g_strv_length (loc->cities);
          loc->companies = g_strsplit (def->companies, ";", -1);
          loc->n_companies = g_strv_length (loc->companies);

          p = def->phone + 1;
          while (g_ascii_isdigit (*p) && n < sizeof loc->country_code - 1)
            loc->country_code[n++] = *p++;

          t->total_weight += def->weight;
        }

      g_once_init_leave (&tables, t);
    }

  return tables;
}

/* ------------------------------------------------------------------------------------ */
/* The support team                                                                      */

const Agent _rapport_demo_agents[] = {
  { RAPPORT_DEMO_AGENT_REMOTE_ID, RAPPORT_DEMO_AGENT_NAME, "Sam", "SR" },
  { "lee.agent", "Lee Fontaine", "Lee", "LF" },
  { "priya.agent", "Priya Natarajan", "Priya", "PN" },
  { "tomas.agent", "Tomás Ortega", "Tomás", "TO" },
};

/* ------------------------------------------------------------------------------------ */
/* Support scenarios (placeholders and conventions in rapport-demo-private.h)            */

const Scenario _rapport_demo_scenarios[] = {
  { "Billing", { "billing", "refund", "duplicate-charge" }, RAPPORT_TICKET_PRIORITY_NORMAL,
    MONEY_REFUND_SMALL,
    { "Charged twice for {month}", "Duplicate payment on my card",
      "Double charge on order {order}" },
    { "I was charged twice for my {month} subscription. My bank statement shows two payments "
      "of {amount} on the same day.\n\nCould you refund one of them?",
      "there are two identical charges of {amount} for order {order} on my card. I only "
      "placed the order once.\n\nPlease look into it and refund the duplicate." },
    "{first} sees two charges of {amount} for {month} on the card statement and asks for the "
    "duplicate to be refunded.",
    { "sorry about the double charge. I can see both payments of {amount} on our side and I "
      "have refunded the duplicate. It will show on your statement within 3 to 5 working days.",
      "thanks for flagging this. Our payment provider retried the charge after a timeout, "
      "which caused the duplicate. I have started a refund of {amount}; your bank should show "
      "it within a week." },
    { "thanks. How will I know the refund went through? Will I get an email?",
      "it has been five days and I still only see the two charges, no refund yet." },
    { "the refund of {amount} was processed on our side, reference {invoice}. Some banks take "
      "a few more days to show it. Let us know if it has not arrived by the end of next week.",
      "I checked again: the refund of {amount} left our account and your bank confirmed it. "
      "Sorry again for the trouble." },
    { "Payment log shows a retry 40 seconds after the first capture. Duplicate confirmed, "
      "refund of {amount} {limit_note}.",
      "Another duplicate from the gateway retry bug; added the ticket to the billing "
      "incident." },
    "got it, the money is back. Thank you!" },

  { "Billing", { "refund", "damaged" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_REFUND,
    { "{appliance} arrived damaged", "Broken {appliance}, I want a refund",
      "Refund for damaged order {order}" },
    { "my {appliance} from order {order} arrived with a cracked casing. The box was crushed on "
      "one side.\n\nI attached photos. I would like a refund of {amount} rather than a "
      "replacement.",
      "the {appliance} I received yesterday is damaged and does not switch on. I'd like my "
      "money back please ({amount})." },
    "{first} received a damaged {appliance} (order {order}) and wants a refund of {amount}, not "
    "a replacement. Photos to follow by email.",
    { "I'm sorry your {appliance} arrived damaged, and thanks for the photos. You don't need to "
      "send it back; I'm arranging a refund of {amount} to your original payment method.",
      "thanks for letting us know, and sorry for the trouble. Could you send a photo of the "
      "damage and of the shipping label? As soon as I have them I'll arrange the refund." },
    { "here are the photos of the box and the {appliance}. The label is on the last one.",
      "did you get my photos? I haven't heard back." },
    { "your refund of {amount} for order {order} has been issued. It usually shows within 5 "
      "working days. You can recycle the damaged {appliance}.",
      "the refund of {amount} is done. I also filed a claim with {carrier} so this does not "
      "happen again." },
    { "Refund of {amount} for damaged goods {limit_note}. Photos attached to the ticket.",
      "Carrier claim filed with {carrier}; packaging photos forwarded to the warehouse." },
    "thanks for sorting this out so quickly." },

  { "Billing", { "refund", "return" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_REFUND,
    { "Return and refund for order {order}", "How do I return the {product}?",
      "Refund for returned {product}" },
    { "I would like to return the {product} from order {order}. It is unused and still in the "
      "original packaging.\n\nHow do I get a return label, and when will I get my {amount} "
      "back?",
      "I sent the {product} back two weeks ago with the return label, tracking {tracking}. I "
      "have not received my refund of {amount} yet." },
    "{first} wants to return an unused {product} (order {order}) and asked how long the "
    "refund of {amount} takes.",
    { "you can return it within 30 days. I've emailed you a prepaid {carrier} label; once the "
      "parcel reaches our warehouse the refund of {amount} is issued within 2 working days.",
      "I can see the return arrived at our warehouse on the {day}. I've pushed the refund of "
      "{amount} through now." },
    { "thanks. Do I need to include the invoice in the box?",
      "I dropped the parcel off today, tracking {tracking}." },
    { "your return was checked in and the refund of {amount} is on its way. Thanks for your "
      "patience.",
      "no need for the invoice, the label is enough. The refund of {amount} is now done." },
    { "Return received and inspected, item resellable. Refund of {amount} {limit_note}.",
      "Warehouse had the return sitting unscanned for 9 days; reported to logistics." },
    "refund received, thank you." },

  { "Billing", { "refund", "annual-plan" }, RAPPORT_TICKET_PRIORITY_HIGH, MONEY_REFUND_LARGE,
    { "Refund for annual plan renewal", "Accidental renewal of the {plan} plan",
      "Please reverse the yearly charge" },
    { "our {plan} plan renewed yesterday for another year and we were charged {amount}. We "
      "stopped using the service in the summer and forgot to cancel.\n\nIs there any way to "
      "get this refunded?",
      "we were charged {amount} for the yearly renewal, but we had asked to downgrade before "
      "the renewal date. Please refund the difference." },
    "{first} was charged {amount} for the annual {plan} renewal, has not used the service "
    "since the summer and asks for a full refund.",
    { "thanks for getting in touch. Renewals can be refunded within 14 days if the account "
      "was not used since. I can see no logins since July, so I've asked for the refund of "
      "{amount} to be approved.",
      "I understand. A refund of this size needs a supervisor's approval; I have sent the "
      "request and will update you as soon as it is decided." },
    { "any news on the approval? It's quite a lot of money for us.",
      "thanks. Could you also make sure the account does not renew again?" },
    { "the refund of {amount} was approved and processed today. Your account is now on the "
      "free plan and will not renew.",
      "good news: the refund of {amount} has been approved. You should see it within 5 to 10 "
      "working days." },
    { "Annual renewal of {amount}, no logins for 4 months. Refund {limit_note}.",
      "Supervisor approved the refund; account moved to the free plan, auto-renew off." },
    "thank you, that's a relief." },

  { "Billing", { "credit", "outage" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_CREDIT,
    { "Compensation for last week's outage", "Credit for service downtime",
      "We lost a day of work during the outage" },
    { "your service was down for most of Tuesday and our team couldn't work. We pay {amount} "
      "a month for the {plan} plan.\n\nWe'd like a credit for the downtime.",
      "after the outage on the {day}, half of our scheduled messages never went out. Can you "
      "credit our account?" },
    "{first} asks for a credit after the outage on the {day}; the team could not work for "
    "most of the day. Pays {amount} a month on {plan}.",
    { "I'm sorry for the disruption. Per our service terms I've added a credit of {amount}, "
      "one month of your {plan} plan, to your account. It will be applied to your next "
      "invoice.",
      "sorry about the outage. The incident report is on our status page. I've requested a "
      "service credit for your account and will confirm once it is applied." },
    { "will the credit show on the next invoice automatically?",
      "thanks. Could you send me the incident report for our records?" },
    { "the credit of {amount} is on your account and will be deducted from invoice "
      "{invoice}.",
      "yes, it is applied automatically. You'll see a line \"Service credit\" of {amount} on "
      "your next invoice." },
    { "Outage credit of {amount} (one month of {plan}) {limit_note}.",
      "Customer was affected by the incident on the {day}; confirmed in their usage logs." },
    "great, thanks for handling it fairly." },

  { "Billing", { "credit", "delivery" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_REFUND_SMALL,
    { "Delivery was a week late", "Goodwill gesture for late order {order}?",
      "Late delivery, any compensation?" },
    { "order {order} arrived a full week after the promised date. I paid extra for express "
      "shipping.\n\nCould you at least refund the shipping cost or give me a credit?",
      "my order was late again, the third time this year. I'm a regular customer and I'd "
      "appreciate some kind of credit." },
    "{first} paid for express shipping on order {order}, delivery was a week late. Asks for a "
    "shipping refund or store credit.",
    { "you're right, that's not the service you paid for. I've added a store credit of "
      "{amount} to your account; it will be applied automatically to your next order.",
      "sorry for the delay. I've checked with {carrier}: the parcel was held at their hub for "
      "five days. I'm arranging a credit for you." },
    { "thanks. Does the credit expire?", "OK, when will I see it in my account?" },
    { "the credit of {amount} is now visible under Account > Credits. It doesn't expire.",
      "the store credit of {amount} is on your account now." },
    { "Express shipping not honoured by {carrier}. Store credit of {amount} {limit_note}.",
      "Third late delivery for this customer this year; flagged for the logistics review." },
    "appreciated, thank you." },

  { "Billing", { "invoice" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_ANY,
    { "Invoice for order {order}", "Copy of invoice {invoice}",
      "Need invoices for our accountant" },
    { "could you send me the invoice for order {order}? I can't find it in my account and our "
      "accountant needs it by Friday.",
      "I need copies of all our invoices from {month} for the year-end closing. Is there a way "
      "to download them all at once?" },
    "{first} needs the invoice for order {order} for the accountant and could not find it in "
    "the account.",
    { "I've attached invoice {invoice} for order {order} ({amount}). You can also find all "
      "invoices under Account > Billing > Invoices.",
      "sure, I've attached the invoices from {month} as one PDF. You can download any invoice "
      "yourself under Account > Billing." },
    { "the invoice is addressed to me personally, it should be to our company. Can you change "
      "it?",
      "thanks, and the one from the month before too please?" },
    { "here is the corrected invoice {invoice} with the company name and address.",
      "attached is the invoice from the month before as well." },
    { "Invoice PDF regenerated from the billing system; old one voided.",
      "Customer doesn't see the Billing tab: not the account owner. Explained." },
    "perfect, thank you!" },

  { "Billing", { "invoice", "tax" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Wrong address on invoice {invoice}", "Please add our tax number to the invoice",
      "Invoice needs the company name" },
    { "the invoice {invoice} shows our old address. We moved to {city} in {month}. Could you "
      "reissue it with the new one?",
      "our tax number is missing from invoice {invoice}, so our accountant can't book it. "
      "Could you add it and send a corrected version?" },
    "{first} needs invoice {invoice} reissued: the address is out of date (moved in {month}).",
    { "I've updated the billing address on your account and attached the corrected invoice "
      "{invoice}. Future invoices will use the new address.",
      "thanks, I've added the tax number to your billing profile and reissued invoice "
      "{invoice}. The corrected PDF is attached." },
    { "thanks. The postcode is still wrong though.",
      "could you also correct the two invoices before that one?" },
    { "sorry about that, here's the invoice with the correct postcode.",
      "done: all three invoices are reissued and attached." },
    { "Invoice reissued; credit note created for the original.",
      "Billing address in the CRM differed from the one in billing; synced both." },
    "all good now, thanks." },

  { "Billing", { "payment" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Card declined on renewal", "Payment failed but my card works",
      "Why was my payment rejected?" },
    { "I got an email saying my payment of {amount} failed, but the card works everywhere "
      "else. My account now says it will be suspended in {days} days.",
      "I tried to pay invoice {invoice} three times and it keeps saying \"payment declined\". "
      "What is going on?" },
    "{first} got a failed payment notice for {amount}; the card works elsewhere. Worried about "
    "suspension in {days} days.",
    { "the decline came from your bank with the code \"do not honour\", which usually means "
      "they blocked it as a foreign transaction. Could you ask them to allow it, or add "
      "another card under Account > Billing?",
      "I've paused the suspension for 7 days so there's no rush. The bank asked for 3-D "
      "Secure; please pay from the billing page, where you'll get the confirmation prompt." },
    { "I called the bank, they say they never saw the transaction.",
      "I added a new card. Can you retry the payment?" },
    { "I retried the charge and it went through. Your account is in good standing.",
      "the payment of {amount} succeeded with the new card. Thanks for sorting it out." },
    { "Gateway response 05 (do not honour). Suspension paused 7 days.",
      "The bank requires 3-D Secure; the saved card had no mandate. Asked to re-add it." },
    "thanks, it works now." },

  { "Billing", { "pricing" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_CREDIT,
    { "Why did my price go up?", "Price increase on the {plan} plan",
      "Question about the new pricing" },
    { "my last invoice was {amount}, higher than before. I didn't get any notice about a price "
      "change. Can you explain?",
      "we got an email about the new pricing for the {plan} plan. Do existing customers keep "
      "the old price?" },
    "{first} noticed the invoice went up to {amount} and says there was no notice of a price "
    "change.",
    { "the new prices took effect on the 1st and we sent a notice 60 days before; I'm sorry it "
      "didn't reach you. Existing annual plans keep their price until renewal.",
      "prices for the {plan} plan changed this month. If you switch to yearly billing you keep "
      "the old price for another year; I can do that for you if you like." },
    { "yes please, switch us to yearly billing.",
      "the notice went to an old colleague's address. Can you update the billing contact?" },
    { "done: you're now on yearly billing at the old price until next {month}.",
      "I've updated the billing contact to your address." },
    { "Price notice bounced (old billing contact). Contact updated.",
      "Offered yearly billing at the legacy price per the pricing FAQ." },
    "OK, understood. Thanks for explaining." },

  { "Shipping", { "delivery" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Where is my order {order}?", "Order {order} not arrived yet",
      "Tracking hasn't updated in a week" },
    { "I ordered a {product} on the {day} (order {order}) and it still hasn't arrived. The "
      "tracking number {tracking} hasn't updated for six days.",
      "my order {order} was supposed to arrive on Monday. The {carrier} tracking just says "
      "\"in transit\". Can you check what's happening?" },
    "{first} is waiting for order {order} ({product}); {carrier} tracking {tracking} has not "
    "moved for six days.",
    { "I've contacted {carrier} and they confirmed the parcel is at their sorting centre. They "
      "expect to deliver it within 2 working days.",
      "I'm sorry for the wait. The parcel seems to be stuck, so I've opened an investigation "
      "with {carrier}. If it hasn't moved by Friday I'll send a replacement." },
    { "still nothing today. Can you send a replacement?",
      "the tracking now says \"delivery attempted\" but I was home all day." },
    { "I've shipped a replacement by express, new tracking {tracking}. If the first parcel "
      "turns up you can refuse it.",
      "{carrier} confirmed the parcel was delivered to your building's parcel locker this "
      "morning." },
    { "{carrier} investigation opened, reference {tracking}.",
      "Replacement sent; first parcel to be returned to sender." },
    "it arrived this morning. Thank you!" },

  { "Shipping", { "delivery", "wrong-item" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Wrong item in my parcel", "Received someone else's order", "Order {order}: wrong model" },
    { "I ordered a {product} but the box contained something completely different. Order "
      "{order}.\n\nHow do I get the right item?",
      "the {product} I received is the wrong model. I ordered the black one, this is white." },
    "{first} received the wrong item for order {order} (expected a {product}).",
    { "sorry for the mix-up! I've sent the correct {product} today by express and emailed you "
      "a return label for the wrong item.",
      "thanks for telling us. Could you send a photo of the item and the packing slip? Then "
      "I'll send the right one straight away." },
    { "photo attached. The packing slip has a different order number.",
      "do I have to return the wrong one before you send mine?" },
    { "the correct item is on its way, tracking {tracking}. No need to wait: return the other "
      "one whenever it suits you.",
      "your replacement was delivered according to {carrier}. Thanks for returning the other "
      "parcel." },
    { "Picking error at the warehouse: two orders swapped. Other customer contacted too.",
      "Replacement shipped express at our cost." },
    "got the right one now, thanks." },

  { "Shipping", { "delivery", "lost-parcel" }, RAPPORT_TICKET_PRIORITY_HIGH, MONEY_ANY,
    { "Parcel marked delivered but not received", "Tracking says delivered, nothing here",
      "Missing parcel, order {order}" },
    { "the tracking for order {order} says the parcel was delivered yesterday at 14:12, but I "
      "never got it. The neighbours haven't seen it either.",
      "{carrier} says my parcel was delivered but there's nothing at my door or in my "
      "mailbox. What can I do?" },
    "{first} says order {order} shows as delivered by {carrier} but never arrived; checked "
    "with the neighbours.",
    { "I'm sorry to hear that. I've opened a claim with {carrier}; they usually reply within "
      "48 hours with the GPS location and a photo of the delivery.",
      "could you check with your building's reception or parcel room? If it doesn't turn up, "
      "I'll send a replacement once the {carrier} claim is open." },
    { "the carrier's photo shows a door that isn't mine.", "nothing at reception either." },
    { "{carrier} admitted the parcel went to the wrong address. I've sent a replacement, "
      "tracking {tracking}.",
      "I've refunded order {order} in full since the parcel can't be found." },
    { "Carrier claim opened; the delivery photo shows a different address.",
      "Second 'delivered but missing' in this postcode; reported to the {carrier} account "
      "manager." },
    "thank you for being so helpful." },

  { "Shipping", { "delivery", "address-change" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Change delivery address for order {order}", "Wrong address on my order",
      "Can I redirect my parcel?" },
    { "I just noticed order {order} is going to my old address. Can you change it to my new "
      "one in {city} before it ships?",
      "I'll be away next week. Could the parcel be delivered to my office instead?" },
    "{first} wants order {order} redirected to a new address in {city}; not shipped yet.",
    { "the order hadn't left the warehouse yet, so I've updated the delivery address. You'll "
      "get a new confirmation email.",
      "the parcel has already been handed to {carrier}, so I can't change it on our side, but "
      "you can redirect it with tracking number {tracking} on their website." },
    { "the confirmation still shows the old address.",
      "the carrier's site won't let me redirect it." },
    { "the address is updated now and the confirmation was sent again.",
      "I've asked {carrier} to redirect it for you; they confirmed the new address." },
    { "Address changed before picking; warehouse notified.",
      "Redirect requested with {carrier} (ref {tracking})." },
    "perfect, thanks a lot." },

  { "Accounts", { "login" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Password reset email never arrives", "Can't reset my password", "No reset link received" },
    { "I've requested a password reset four times and no email arrives. Not in spam either. "
      "My address is {email}.",
      "I forgot my password and the reset link never comes. I need to get into my account "
      "today to download an invoice." },
    "{first} cannot log in; password reset emails are not arriving ({email}), not in spam.",
    { "our mail logs show the reset emails were rejected by your mail server. I've sent a new "
      "link from a different server; it's valid for one hour.",
      "I've manually sent a reset link just now. If it's not there in five minutes, please "
      "check whether your mailbox blocks messages from our domain." },
    { "still nothing. Could it be that my company's firewall blocks it?",
      "got it this time, but the link says it expired." },
    { "I've allowlisted your address on our side and the new link arrived according to the "
      "logs. You should be able to log in now.",
      "the link expires after an hour; I've sent a fresh one just now." },
    { "Bounce: 550 rejected by the recipient's spam filter. Resent through the secondary "
      "relay.",
      "Corporate domain blocks our sender; suggested they allowlist it." },
    "I'm in, thanks!" },

  { "Accounts", { "login", "2fa" }, RAPPORT_TICKET_PRIORITY_HIGH, MONEY_ANY,
    { "Lost my phone, can't pass two-factor", "Locked out by 2FA",
      "New phone, authenticator codes gone" },
    { "I got a new phone and my authenticator app didn't transfer the codes. Now I can't log "
      "in, and I don't have the backup codes.",
      "my phone was stolen and I can't log in because of two-factor authentication. Please "
      "help, I need access for work." },
    "{first} lost the phone with the authenticator app; no backup codes. Needs a 2FA reset.",
    { "for your security I need to verify your identity first. Please reply from {email} with "
      "the last four digits of the card on file and the date of your last invoice.",
      "I'm sorry about your phone. To reset two-factor I need to confirm it's you: I've sent a "
      "verification code to your email address." },
    { "here are the card digits and the invoice date.",
      "I received the code, it's in the attached screenshot." },
    { "thanks, your identity is confirmed and two-factor is reset. Please set it up again on "
      "your new phone and keep the backup codes somewhere safe.",
      "two-factor is disabled for the next 24 hours; please enrol again as soon as you log "
      "in." },
    { "Identity verified (card digits and invoice date match). 2FA reset.",
      "Verification failed once (wrong invoice date); second attempt matched." },
    "back in, thank you so much." },

  { "Accounts", { "login", "locked" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Account locked after failed logins", "Too many login attempts", "My account is locked" },
    { "my account says it's locked because of too many failed attempts. I'm sure I used the "
      "right password. Can you unlock it?",
      "since this morning I get \"account temporarily locked\" every time I log in, on my "
      "phone and on my laptop." },
    "{first}'s account is locked after failed logins; sure the password was right.",
    { "I've unlocked your account. The failed attempts came from an old app session with a "
      "saved password; signing out of it on your phone should stop them.",
      "the lock lifts automatically after 30 minutes, but I've unlocked it now. If it happens "
      "again, please reset your password, since the attempts came from an unknown location." },
    { "it locked again ten minutes later.",
      "the attempts from another country worry me. Is my account safe?" },
    { "I've signed out all sessions and reset your password; you'll get a link by email. That "
      "stops the lockouts.",
      "your data wasn't accessed. I've signed out every session; please set a new password and "
      "turn on two-factor." },
    { "Failed attempts from an old mobile session with a stale password.",
      "Login attempts from an unknown IP; sessions revoked, password reset forced." },
    "thanks, all fine now." },

  { "Accounts", { "account" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_ANY,
    { "Change my account email", "Update login email address",
      "New email address for my account" },
    { "I changed jobs and need to move my account to a new email address. I can still log in "
      "with the old one.",
      "please change the email on my account to my new address. The old mailbox will be "
      "closed next month." },
    "{first} wants the account email changed to a new address; the old mailbox closes next "
    "month.",
    { "you can change it under Account > Profile. We'll send a confirmation link to the new "
      "address, and the change takes effect once you click it.",
      "I've started the change; please click the confirmation link we sent to your new "
      "address." },
    { "the confirmation email didn't arrive.",
      "done. Will my invoices go to the new address too?" },
    { "I've sent the confirmation again, it shows as delivered now.",
      "yes, invoices and notifications all go to the new address from now on." },
    { "Email change pending confirmation.",
      "Old address kept as secondary for invoices until the customer confirms." },
    "great, thanks." },

  { "Technical", { "bug", "crash" }, RAPPORT_TICKET_PRIORITY_HIGH, MONEY_ANY,
    { "App crashes when I export a report", "Crash on export to PDF",
      "Export crashes the app since the update" },
    { "since the last update the app crashes every time I export a report to PDF. It worked "
      "fine last week.\n\nI'm on {device}.",
      "exporting more than about 200 rows makes the app close without any message. Smaller "
      "exports work." },
    "{first} reports a crash on every PDF export since the last update, on {device}.",
    { "thanks for the report. Could you send us the crash log? You'll find it under Settings "
      "> Help > Send diagnostics.",
      "we've reproduced the crash: it happens when a report contains an empty date column. A "
      "fix is on the way; until then, filter out rows without a date before exporting." },
    { "I sent the diagnostics just now, reference {error}.",
      "the workaround helps, thanks. When will the fix be out?" },
    { "the fix is in version 4.12, released today. Please update and let us know if it still "
      "crashes.",
      "the update with the fix is out. Thanks for helping us track this down." },
    { "Crash in PDF export with empty date cells; linked to bug {error}.",
      "Reproduced on {device}; engineering confirmed the fix for the next release." },
    "updated and it works. Thanks!" },

  { "Technical", { "bug", "sync" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Changes don't sync between my devices", "Sync stuck since {month}",
      "Data missing on my phone" },
    { "changes I make on my laptop don't show up on my phone anymore. The last sync was on "
      "the {day}.",
      "my tablet shows a red sync icon with error {error}. I've tried logging out and back "
      "in." },
    "{first}'s data stopped syncing between laptop and phone; last successful sync on the "
    "{day}.",
    { "thanks, I can see the sync stopped because the phone app is on an older version. "
      "Updating the app should start it again.",
      "error {error} means a conflict the app couldn't resolve. I've reset the sync state for "
      "your account; the next sync will take a few minutes." },
    { "updated, but one list is still missing.",
      "it synced, but now I have duplicates of some entries." },
    { "I've restored the missing list from last night's backup; it should appear after the "
      "next sync.",
      "I've removed the duplicates from your account. Sorry for the mess." },
    { "Device on app version 3.9, which uses the old sync protocol.",
      "Sync conflict {error}; reset the server-side sync token." },
    "everything is in sync again, thank you." },

  { "Technical", { "bug", "notifications" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_ANY,
    { "Not getting notifications", "Push notifications stopped working",
      "Email notifications missing" },
    { "I stopped receiving notifications on {device} two weeks ago. They're turned on in the "
      "settings.",
      "I no longer get email notifications when someone comments. My colleagues still get "
      "theirs." },
    "{first} gets no notifications on {device} for two weeks although they're enabled.",
    { "could you check whether the app may send notifications in your system settings? The "
      "last update reset that for some users.",
      "I see your address was on our bounce list after a mailbox outage. I've removed it, so "
      "notifications should come through again." },
    { "that was it, they were disabled in the system settings.", "still nothing by email." },
    { "I've sent a test notification and it shows as delivered. Let me know if you still "
      "don't see them.",
      "glad it's working again!" },
    { "Address was on the suppression list after bounces on the {day}. Removed.",
      "Known issue with the OS update; linked to {error}." },
    "working again, thanks." },

  { "Technical", { "bug", "checkout" }, RAPPORT_TICKET_PRIORITY_URGENT, MONEY_ANY,
    { "Error when I try to pay", "Checkout page shows an error", "Can't complete my order" },
    { "every time I click \"Pay now\" I get an error page saying something went wrong "
      "({error}). I've tried two cards and two browsers.",
      "I can't complete my order: the checkout freezes after I enter my card details. I need "
      "these items by Friday." },
    "{first} cannot complete checkout: error {error} after clicking Pay, tried two cards and "
    "two browsers.",
    { "thanks for the details. We had a problem with our payment page this morning, fixed "
      "about an hour ago. Could you try again?",
      "I'm sorry about that. I've created the order for you manually; you'll get a secure "
      "payment link by email." },
    { "tried again, same error.",
      "the payment link worked, thanks. Will it still arrive by Friday?" },
    { "the order went through and ships today by express, so it'll be there before Friday.",
      "engineering fixed a problem with cards from your bank. Your payment went through now." },
    { "Checkout errors {error} for some card issuers since this morning; incident open.",
      "Manual order created with a payment link." },
    "order placed, thanks for the quick help." },

  { "Product", { "feature-request" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_ANY,
    { "Feature request: export to CSV", "Please add a dark mode",
      "Suggestion: recurring tasks" },
    { "it would be really useful to export my data to CSV so I can open it in a spreadsheet. "
      "Is that planned?",
      "any plans for a dark mode? I use the app a lot in the evening and the white background "
      "is tiring." },
    "{first} would like a CSV export of their data and asked whether it's planned.",
    { "thanks for the suggestion! I've added your vote to the feature request. I can't promise "
      "a date, but it's one of the most requested features.",
      "good news: this is on our roadmap for the next quarter. I've added you to the list of "
      "customers we'll notify when it's available." },
    { "thanks. Is there any workaround in the meantime?", "great, looking forward to it." },
    { "for now you can use the API to fetch the data; I've sent you a short guide.",
      "it's now available in the latest release under Settings > Appearance." },
    { "Added +1 to feature request {error}.",
      "Customer is on {plan}; the product team would like to interview them about this." },
    "thanks for passing it on." },

  { "Product", { "feature-request", "api" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_ANY,
    { "API access on the {plan} plan?", "Integration with our accounting software",
      "Webhook for new orders" },
    { "we'd like to connect your service to our accounting software. Is there an API, and is "
      "it included in the {plan} plan?",
      "do you support webhooks when a new order comes in? We'd like to push orders into our "
      "warehouse system." },
    "{first} asked about API access and integrations on the {plan} plan.",
    { "yes, the API is included from the {plan} plan. You can create a key under Settings > "
      "Developers; the documentation is linked there.",
      "webhooks aren't available yet, but you can poll the orders endpoint every few minutes. "
      "I've passed your request to the product team." },
    { "thanks. Is there a rate limit?", "the API key page gives me a permission error." },
    { "the limit is 600 requests per minute per key.",
      "you need the admin role to create keys; I've asked your account owner to grant it." },
    { "Interested in an accounting integration; passed to partnerships.",
      "Permission error: the user is not an admin on the account." },
    "thanks, that answers it." },

  { "Billing", { "cancellation" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Cancel my subscription", "Please cancel before the next renewal", "How do I cancel?" },
    { "please cancel my subscription. We no longer need the service. Can you confirm there "
      "will be no further charges?",
      "I want to cancel before my plan renews on the {day}. I can't find the cancel button in "
      "my account." },
    "{first} wants to cancel the subscription before the renewal on the {day}.",
    { "I'm sorry to see you go. I've cancelled your subscription; it stays active until the "
      "end of the paid period and there will be no further charges.",
      "you'll find it under Account > Subscription > Cancel plan. I can also do it for you; "
      "just confirm and I'll cancel it right away." },
    { "yes, please cancel it for me.", "will I lose my data when it ends?" },
    { "done: your subscription is cancelled and you'll receive a confirmation email. Your "
      "data stays available for export for 30 days.",
      "your data is kept for 30 days after the end of the subscription, so you have time to "
      "export it." },
    { "Cancellation reason: no longer needed. Offered a pause, declined.",
      "Cancelled at period end; no refund due." },
    "thanks for making it easy." },

  { "Shipping", { "cancellation", "order" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_REFUND,
    { "Cancel order {order}", "Ordered by mistake, please cancel", "Cancel before it ships?" },
    { "I placed order {order} by mistake, I meant to order a different size. Can you cancel it "
      "before it ships?",
      "please cancel my order {order} for the {product}. I found it cheaper locally, sorry." },
    "{first} asks to cancel order {order} ({product}) before it ships.",
    { "I caught it before it left the warehouse: the order is cancelled and the {amount} will "
      "be back on your card within a few days.",
      "the order has already shipped, unfortunately. When it arrives you can return it for "
      "free within 30 days; I've emailed you the return label." },
    { "OK, I'll send it back. Do I get a full refund?", "thanks. When will the money be back?" },
    { "yes, the full {amount} including shipping is refunded once the parcel reaches us.",
      "the refund of {amount} was released today; banks usually show it within 3 to 5 days." },
    { "Order cancelled before picking; payment voided.", "Too late to cancel, return label sent." },
    "great, thank you." },

  { "Billing", { "plan-change" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_CREDIT,
    { "Upgrade to the {plan} plan", "Downgrade our plan", "Switch from monthly to yearly" },
    { "we'd like to upgrade to the {plan} plan. Will we be charged the full price now or only "
      "the difference?",
      "we're a smaller team now and want to downgrade. What happens to the users over the "
      "limit?" },
    "{first} wants to change plans ({plan}) and asked how billing works for the change.",
    { "you're only charged the difference for the rest of the billing period. I've upgraded "
      "you to {plan}; the prorated charge is {amount}.",
      "when you downgrade, extra users become read-only until you remove them. The change "
      "applies from your next billing date." },
    { "the new features don't show up yet.", "can I do it from next month instead?" },
    { "please sign out and in again, the new plan features are active on your account.",
      "done: the change is scheduled for the start of next month." },
    { "Upgrade to {plan}, prorated {amount}.", "Downgrade scheduled at period end." },
    "thanks, it's all there." },

  { "Accounts", { "privacy", "gdpr" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "Request for a copy of my data", "Delete my account and data", "GDPR data request" },
    { "under the GDPR I'd like a copy of all the personal data you hold about me.",
      "please delete my account and all my personal data. I don't use the service anymore." },
    "{first} asked for a copy of all personal data held about them (GDPR access request).",
    { "we've received your request. For your security I've sent a confirmation link to "
      "{email}; once you confirm, the export is ready within 7 days.",
      "I've started the deletion of your account. You'll get a confirmation email; everything "
      "is removed within 30 days, except invoices we must keep by law." },
    { "I confirmed the link. How will I receive the data?",
      "why do you need to keep the invoices?" },
    { "your data export is ready: you can download it from the link in your email for the "
      "next 7 days.",
      "tax law requires us to keep invoices for 10 years; they're stored separately and only "
      "our accounting team can see them." },
    { "Privacy request logged in the DSR register.",
      "Deletion scheduled; invoices retained under legal hold." },
    "thank you for the quick response." },

  { "Billing", { "promo-code" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_REFUND_SMALL,
    { "Discount code {code} not working", "Promo code rejected at checkout",
      "Forgot to apply my voucher" },
    { "the code {code} from your newsletter says \"invalid\" at checkout. It's supposed to be "
      "valid until the end of the month.",
      "I forgot to enter my voucher {code} on order {order}. Can you still apply it?" },
    "{first} says promo code {code} is rejected at checkout.",
    { "the code only applies to full-price items, and your basket had a sale item. I've "
      "applied the discount manually and refunded {amount}.",
      "I've applied the code to order {order} afterwards and refunded the difference of "
      "{amount}." },
    { "thanks. Will the code work on my next order too?", "I only see part of the discount." },
    { "the code can be used once per customer, but I've added a new one to your account for "
      "next time.",
      "sorry, the rest of the refund ({amount}) has gone through now." },
    { "Promo {code} excluded sale items; applied manually. Refund of {amount} {limit_note}.",
      "Newsletter code had a wrong expiry date; marketing informed." },
    "that's kind, thanks." },

  { "Product", { "warranty", "repair" }, RAPPORT_TICKET_PRIORITY_NORMAL, MONEY_ANY,
    { "{appliance} stopped working after 8 months", "Warranty claim for my {appliance}",
      "Is my {appliance} still under warranty?" },
    { "my {appliance} stopped working, it won't switch on anymore. I bought it eight months ago "
      "(order {order}). Is it covered by the warranty?",
      "the {appliance} makes a loud noise since last week. It's a year old. What are my "
      "options?" },
    "{first}'s {appliance} (order {order}, eight months old) no longer switches on; asks about "
    "the warranty.",
    { "yes, it's covered by the two-year warranty. I've emailed you a prepaid label to send it "
      "to our repair centre; repairs take about 10 working days.",
      "sorry to hear that. Could you try a reset first: hold the power button for 15 seconds. "
      "If that doesn't help, we'll repair or replace it under warranty." },
    { "the reset didn't help. Where do I send it?",
      "I sent it off yesterday, tracking {tracking}." },
    { "the repair centre replaced the motor; your {appliance} is on its way back, tracking "
      "{tracking}.",
      "we couldn't repair it, so we've sent you a brand new {appliance}." },
    { "Warranty valid until next year. RMA created.",
      "Repair centre diagnosis: faulty power board." },
    "it works like new. Thanks!" },

  { "Billing", { "gift-card" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_ANY,
    { "Gift card balance", "Gift card not accepted", "Lost my gift card code" },
    { "I received a gift card for my birthday but the site says the code is invalid. Can you "
      "check it?",
      "how can I see how much is left on my gift card? I used it once already." },
    "{first}'s gift card is rejected as invalid at checkout.",
    { "the gift card is valid but it wasn't activated by the shop that sold it. I've activated "
      "it now; the balance is {amount}.",
      "the remaining balance on your card is {amount}. You can also see it under Account > "
      "Gift cards once you add it there." },
    { "thanks. Can I use it together with a discount code?", "it's accepted now." },
    { "yes, gift cards and discount codes can be combined.", "great, enjoy your order!" },
    { "Gift card not activated at the point of sale; activated manually.",
      "Balance checked: {amount} remaining." },
    "thanks for your help!" },

  { "Product", { "product-question" }, RAPPORT_TICKET_PRIORITY_LOW, MONEY_ANY,
    { "Is the {appliance} compatible with 110 V?", "Question before ordering",
      "Which size should I choose?" },
    { "before I order: does the {appliance} work with 110 V, or only 230 V? I'm moving abroad "
      "next month.",
      "I'm not sure which size to order. I'm usually between two sizes. What do you "
      "recommend?" },
    "{first} asked about the voltage of the {appliance} before ordering.",
    { "the {appliance} works with 100–240 V, so you only need a plug adapter.",
      "our sizes run slightly small, so we recommend the larger of the two. Returns are free "
      "if it doesn't fit." },
    { "great. Do you ship to {city}?", "OK, I ordered the larger one." },
    { "yes, we ship there; delivery takes 3 to 5 working days.", "good choice, enjoy it!" },
    { "Pre-sales question; no order yet.", "Sent the size guide PDF." },
    "thanks, that helps." },
};

/* Liam López's garage mostly writes about invoices, payments and parts. */
const guint8 _rapport_demo_liam_scenarios[] = { 0, 5, 6, 7, 8, 9, 10, 11, 26, 29 };

const char * const _rapport_demo_generic_followups[] = {
  "any update on this?",
  "just following up on my message from last week.",
  "is there anything else you need from me?",
  "sorry to chase, but this is getting urgent for us.",
};

const char * const _rapport_demo_generic_agent_followups[] = {
  ("thanks for your patience. I'm still waiting to hear back from the team and will update you "
   "tomorrow."),
  "just checking in: did that solve it for you?",
  "I've escalated this to our specialists; they'll get back to you within one working day.",
};

const char * const _rapport_demo_generic_thanks[] = {
  "thanks a lot!",
  "that solved it, thank you.",
  "many thanks for your help.",
};

/* The reason a ticket is on hold, by queue. */
const HoldNote _rapport_demo_hold_notes[] = {
  { "Billing", "On hold: waiting for the finance team to confirm the adjustment." },
  { "Shipping", "On hold: waiting for the carrier's investigation (5–7 working days)." },
  { "Accounts", "On hold: waiting for the security team to review the account." },
  { "Technical", "On hold until engineering ships the fix." },
  { "Product", "On hold: waiting for the product team's answer." },
};

const char * const _rapport_demo_products[] = {
  "espresso machine", "standing desk", "winter jacket", "pair of wireless headphones",
  "yoga mat", "table lamp", "hiking backpack", "e-reader", "electric kettle", "air purifier",
  "blender", "office chair", "robot vacuum", "pair of running shoes", "cast-iron pan",
  "bike helmet", "smart thermostat", "baby monitor",
};

/* Things that plug in: for texts about switching on, voltage and repairs. */
const char * const _rapport_demo_appliances[] = {
  "espresso machine", "electric kettle", "air purifier", "blender", "robot vacuum",
  "table lamp", "smart thermostat", "baby monitor", "e-reader", "pair of wireless headphones",
  "stand mixer", "hair dryer",
};

const char * const _rapport_demo_plans[] = { "Starter", "Team", "Business", "Enterprise" };
/* EUR cents per month */
const int _rapport_demo_plan_prices[] = { 900, 2900, 7900, 14900 };

const char * const _rapport_demo_carriers[] = {
  "DHL", "UPS", "DPD", "GLS", "FedEx", "PostNL", "Colissimo", "Correos", "Royal Mail",
};

const char * const _rapport_demo_devices[] = {
  "an iPhone 13", "a Pixel 7", "a Samsung Galaxy S22", "Windows 11", "macOS", "a Fairphone 4",
  "an iPad Air", "Ubuntu with Firefox", "a Chromebook",
};

const char * const _rapport_demo_promo_codes[] = {
  "SPRING15", "WELCOME10", "NEWS20", "SUMMER25", "THANKYOU", "AUTUMN12", "FRIENDS30",
};

const char * const _rapport_demo_freemail_domains[] = {
  "mail.example", "post.example", "inbox.example", "webpost.example", "netmail.example",
};

const int _rapport_demo_amounts_small[] = {
  900, 1200, 1499, 1900, 2400, 2990, 3500, 3990, 4500, 4900,
};
const int _rapport_demo_amounts_any[] = {
  1499, 1999, 2490, 3490, 4900, 5990, 7900, 8900, 12900, 16900, 24900,
};
const int _rapport_demo_amounts_large[] = {
  9900, 14900, 19900, 23880, 29900, 35880, 47880,
};

/* ------------------------------------------------------------------------------------ */
/* Story customer 1: Chloé Silva (docs/demo-workspace.md)                                */

const StoryTicket _rapport_demo_chloe_tickets[] = {
  { "1001", RAPPORT_CHANNEL_EMAIL, "Invoice needed with VAT number",
    RAPPORT_TICKET_STATUS_SOLVED, AGENT_LEE, CHLOE_EMAIL_ID, "Billing", { "invoice", "vat" },
    -59 * DAY + 30 * MINUTE },
  { "1002", RAPPORT_CHANNEL_PHONE, "Charged twice for March",
    RAPPORT_TICKET_STATUS_SOLVED, AGENT_SAM, CHLOE_EMAIL_ID, "Billing",
    { "billing", "refund", "duplicate-charge" }, -21 * DAY + HOUR + 5 * MINUTE },
  { "1003", RAPPORT_CHANNEL_CHAT, "Cannot log in after password reset",
    RAPPORT_TICKET_STATUS_SOLVED, AGENT_SAM, CHLOE_CHAT_ID, "Accounts", { "login" },
    -4 * DAY + 10 * MINUTE },
  { "1004", RAPPORT_CHANNEL_SOCIAL, "Still waiting for my sourdough starter kit",
    RAPPORT_TICKET_STATUS_OPEN, AGENT_SAM, CHLOE_CHAT_ID, "Shipping", { "delivery" }, 0 },
  { "1005", RAPPORT_CHANNEL_EMAIL, "Cancel my subscription before renewal",
    RAPPORT_TICKET_STATUS_OPEN, AGENT_SAM, CHLOE_EMAIL_ID, "Billing", { "cancellation" }, 0 },
};

const StoryMessage _rapport_demo_chloe_messages[] = {
  { 0, -60 * DAY, KIND_IN,
    "Hello, could you send me an invoice for order 4471 with our VAT number FR 40 123456789?\n"
    "\n"
    "The invoice should be addressed to Northwind Bakery, 12 rue des Tanneurs, 69001 Lyon.\n"
    "\n"
    "Our accountant is closing the year and asked me to check every order against your "
    "invoices while I am at it. Below is the export from our bookkeeping, pasted as it came "
    "out; the orders marked \"missing\" are the ones we cannot find an invoice for in our "
    "account.\n"
    "\n" },
  { 0, -60 * DAY + 2 * HOUR, KIND_OUT,
    "Hi Chloé, here is the corrected invoice for order 4471 with your VAT number.\n"
    "\n"
    "You can also download it under Account > Billing > Invoices.\n"
    "\n"
    "Best regards,\n"
    "Lee Fontaine\n"
    "Northwind Support" },
  { 0, -59 * DAY, KIND_IN,
    "Perfect, thank you!\n"
    "\n"
    "Chloé" },
  { 1, -21 * DAY, KIND_IN,
    "Phone call: Chloé sees two charges of 24.00 EUR for March on her card statement.\n"
    "She asks for the duplicate to be refunded to the same card." },
  { 1, -21 * DAY + 10 * MINUTE, KIND_NOTE,
    "Checked the payment log: duplicate charge confirmed, refund of 24.00 EUR is within my "
    "limit." },
  { 1, -21 * DAY + HOUR, KIND_OUT,
    "Hi Chloé, I have refunded the duplicate charge of 24.00 EUR; it will show on your card "
    "within 5 days.\n"
    "\n"
    "Sorry for the trouble.\n"
    "\n"
    "Sam Rivera\n"
    "Northwind Support" },
  { 2, -4 * DAY, KIND_IN,
    "Hi, I reset my password but the login page still says my credentials are wrong.\n"
    "I tried on my laptop and on my phone." },
  { 2, -4 * DAY + 3 * MINUTE, KIND_OUT,
    "Sorry about that, Chloé! I cleared the old session on our side, could you try again?" },
  { 2, -4 * DAY + 6 * MINUTE, KIND_IN,
    "It works now, thanks." },
  { 3, -DAY, KIND_IN,
    "@Northwind the sourdough starter kit I ordered on the 3rd never arrived. Any news?" },
  { 3, -DAY + 20 * MINUTE, KIND_NOTE,
    "Carrier says the parcel is stuck in the depot; asked them to re-deliver." },
  { 3, -DAY + 25 * MINUTE, KIND_OUT,
    "Hi Chloé, the carrier has your parcel at their depot and will deliver it tomorrow.\n"
    "^SR" },
  { 4, -2 * HOUR, KIND_IN,
    "Please cancel my subscription before it renews on the 1st; we are closing the shop for "
    "winter.\n"
    "\n"
    "Thanks,\n"
    "Chloé Silva\n"
    "Northwind Bakery" },
};

/* The sizes rapport-demo-private.h declares */
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_month_names) == 12);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_locale_defs) == N_LOCALE_DEFS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_agents) == N_AGENTS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_scenarios) == N_SCENARIOS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_liam_scenarios) == N_LIAM_SCENARIOS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_generic_followups) == N_GENERIC_FOLLOWUPS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_generic_agent_followups) ==
                 N_GENERIC_AGENT_FOLLOWUPS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_generic_thanks) == N_GENERIC_THANKS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_hold_notes) == N_HOLD_NOTES);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_products) == N_PRODUCTS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_appliances) == N_APPLIANCES);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_plans) == N_PLANS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_plan_prices) == N_PLANS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_carriers) == N_CARRIERS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_devices) == N_DEVICES);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_promo_codes) == N_PROMO_CODES);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_freemail_domains) == N_FREEMAIL_DOMAINS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_amounts_small) == N_AMOUNTS_SMALL);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_amounts_any) == N_AMOUNTS_ANY);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_amounts_large) == N_AMOUNTS_LARGE);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_chloe_tickets) == N_CHLOE_TICKETS);
G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_chloe_messages) == N_CHLOE_MESSAGES);
