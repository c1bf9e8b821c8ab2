/* latacunga.h — the Latacunga 2024 memoria as plain proceedings data, for the tests and the
 * benchmark of pdf/proceedings.c. Every text is copied from the published memoria (via
 * sql/seed/latacunga-2024.sql, which copies it verbatim): the four dialogues with their speakers
 * and moderators, the six conclusions, the seven recommendations, the closing and the credits.
 * latacunga_build() makes a mutable copy so that a caller can attach speaker photos. */
#ifndef ASAMBLEA_TESTS_PDF_LATACUNGA_H
#define ASAMBLEA_TESTS_PDF_LATACUNGA_H
#include <string.h>

#include "pdf/proceedings.h"

static const struct proceedings_participant
    latacunga_d1[] =
        {
            {.name = "Patricio Maldonado",
             .honorific = "",
             .role = "speaker",
             .position = "Alcalde de Nabón",
             .organization = "GAD Municipal de Nabón",
             .topic = "La Internacionalización Local: GADM Nabón",
             .contribution =
                 "El **GADM Nabón** destacó como la internacionalización de su municipio les ha permitido atraer fondos internacionales para proyectos de infraestructura y desarrollo económico. A través de alianzas y formar parte de redes internacionales como Mercociudades. Además esto ha permitido la gestión de recursos no reembolsables y/o asistencias Técnicas como:\n\n- Asistencia técnica CAF – Estudios planta de agua potable del Centro Cantonal\n- Donación ambulancia ABJ\n- Postulación Embajada de Japón – Fondos APC\n- Capacitación y fortalecimiento institucional\n- Voluntariado internacional."},
            {.name = "Abraham Freire",
             .honorific = "",
             .role = "speaker",
             .position = "Alcalde de Lago Agrio",
             .organization = "GAD Municipal de Lago Agrio",
             .topic = "Medio Ambiente y Cambio Climático: GADM Lago Agrio",
             .contribution =
                 "**GADM Lago Agrio** presentó como su municipio ha abordado el cambio climático mediante proyectos financiados por organismos internacionales, centrándose en la adaptación y mitigación. Se destacó la importancia de la cooperación con entidades como el **Banco Interamericano de Desarrollo (BID)**, que permitió la implementación de iniciativas de reforestación y energías renovables."},
            {.name = "Germán Flores",
             .honorific = "",
             .role = "speaker",
             .position = "Alcalde de Pastaza",
             .organization = "GAD Municipal de Pastaza",
             .topic = "Movilidad Urbana Sostenible: GADM Pastaza",
             .contribution =
                 "**GADM Pastaza** habló sobre el proyecto de movilidad sostenible, financiado por la cooperación internacional, que busca promover un transporte público más eficiente y amigable con el medio ambiente. Se discutieron las alianzas con la **Cooperación Alemana (GIZ)** y otras organizaciones para mejorar la infraestructura de transporte y reducir las emisiones de gases contaminantes."},
            {.name = "Javier Pincay", .honorific = "", .role = "speaker", .position = "Alcalde de Portoviejo", .organization = "GAD Municipal de Portoviejo", .topic = "Ciudades Inteligentes: GADM Portoviejo", .contribution = "**GADM Portoviejo** presentó sus avances en la implementación de una **ciudad inteligente**, destacando como la cooperación internacional ha sido crucial para financiar tecnologías que mejoren la gestión urbana y la calidad de vida de sus ciudadanos, tales como sistemas de semaforización inteligentes y la integración de tecnologías para mejorar la seguridad ciudadana."},
            {.name = "Esteban Orellana",
             .honorific = "",
             .role = "moderator",
             .position = "Director Ejecutivo de la AME",
             .organization = "Asociación de Municipalidades Ecuatorianas",
             .topic = "",
             .contribution =
                 "Esteban Orellana moderó este diálogo y destacó la importancia de la cooperación internacional para el desarrollo de proyectos municipales que favorezcan la sostenibilidad y la innovación en los territorios locales. Señaló que los GAD Municipales deben seguir buscando oportunidades en redes internacionales."},
};
static const struct proceedings_participant latacunga_d2[] = {
    {.name = "Francisco Grijalva",
     .honorific = "Dr.",
     .role = "speaker",
     .position = "Subsecretario de Normas y Fortalecimiento Interinstitucional",
     .organization = "Secretaría de Inversiones Público-Privadas",
     .topic = "",
     .contribution =
         "**Dr. Francisco Grijalva, Subsecretario de Normas y Fortalecimiento Interinstitucional** Secretaría de Inversiones Público-Privadas (SIPP), subrayó que la movilización de recursos a través de asociaciones público-privadas es fundamental para el desarrollo de los GAD Municipales. Explicó como la colaboración con el sector privado ha permitido financiar grandes proyectos de infraestructura, promoviendo la innovación y la eficiencia en el uso de recursos públicos."},
    {.name = "Vianna Maino Isaías",
     .honorific = "",
     .role = "speaker",
     .position = "Consultora de CORPEI",
     .organization = "Corporación de Promoción de Exportaciones e Inversiones del Ecuador",
     .topic = "",
     .contribution =
         "**Vianna Maino** habló sobre como la **Corporación de Promoción de Exportaciones e Inversiones del Ecuador (CORPEI)** ha trabajado para atraer inversión extranjera directa (IED) a los municipios ecuatorianos. Compartió ejemplos de como diversas municipalidades han sido exitosas en captar inversión para proyectos de desarrollo urbano y sostenibilidad."},
    {.name = "Gabriela Suárez",
     .honorific = "",
     .role = "speaker",
     .position = "Directora Ejecutiva del Grupo FARO",
     .organization = "Grupo FARO",
     .topic = "",
     .contribution =
         "**Gabriela Suárez** abordó el tema de la **movilización de recursos mediante redes de cooperación**. Destacó como las alianzas con ONGs y organismos multilaterales como el **Banco Mundial y UN-Hábitat** han permitido a los GAD Municipales recibir fondos y asistencia técnica para proyectos de desarrollo urbano y rural."},
    {.name = "Daniel Rodas",
     .honorific = "",
     .role = "moderator",
     .position = "Director Nacional de Planificación Institucional de la AME",
     .organization = "Asociación de Municipalidades Ecuatorianas",
     .topic = "",
     .contribution =
         "**Daniel Rodas** moderó este diálogo, poniendo énfasis en la necesidad de explorar nuevas formas de financiamiento, más allá de las fuentes tradicionales, y de aprovechar las redes internacionales para promover la cooperación y la inversión en los territorios municipales."},
};
static const struct proceedings_participant latacunga_d3[] = {
    {.name = "Alejandro González",
     .honorific = "",
     .role = "speaker",
     .position = "Director Ejecutivo de ICLEI Colombia",
     .organization = "ICLEI Colombia",
     .topic = "",
     .contribution =
         "**Alejandro González** destacó la importancia de las redes globales de ciudades como ICLEI en la promoción de ciudades sostenibles. Subrayó que las redes permiten a los municipios acceder a experiencias, proyectos conjuntos y financiamiento para el desarrollo de políticas urbanas verdes y sostenibles."},
    {.name = "Juan Felipe Ochoa",
     .honorific = "",
     .role = "speaker",
     .position = "Director de Relaciones Internacionales y Cooperación del GADM de Cuenca",
     .organization = "GAD Municipal de Cuenca",
     .topic = "",
     .contribution =
         "**Juan Felipe Ochoa** habló sobre el rol de las **ciudades inteligentes** dentro de redes como World Smart Sustainable Cities Organization (**WeGO**). En este espacio se señaló que el intercambio de tecnología y buenas prácticas entre ciudades es vital para hacer frente a los desafíos urbanos contemporáneos, como la gestión eficiente de los recursos y la reducción de la huella de carbono."},
    {.name = "Jorge Rodríguez",
     .honorific = "",
     .role = "speaker",
     .position = "Coordinador de la Secretaría Técnica Permanente de Mercociudades",
     .organization = "Mercociudades",
     .topic = "",
     .contribution =
         "**Jorge Rodríguez** presentó las oportunidades que Mercociudades ofrece para los Municipios en América Latina. Destacó el valor de la integración regional y la cooperación entre ciudades latinoamericanas para la solución de problemas comunes y la creación de proyectos conjuntos."},
    {.name = "Carlos Bernal",
     .honorific = "",
     .role = "speaker",
     .position = "Secretario de Inversiones, Sostenibilidad y Cooperación del Municipio de Portoviejo",
     .organization = "GAD Municipal de Portoviejo",
     .topic = "",
     .contribution =
         "**Carlos Bernal** expuso como **Portoviejo** ha aprovechado su membresía en diversas redes de ciudades para obtener recursos y asistencia técnica. El Secretario habló sobre la creación de proyectos conjuntos con otras ciudades para el desarrollo de infraestructura sostenible, como la mejora de los servicios de agua y saneamiento."},
    {.name = "Luis Enrique Ortiz",
     .honorific = "",
     .role = "moderator",
     .position = "Director Nacional de Cooperación de la AME",
     .organization = "Asociación de Municipalidades Ecuatorianas",
     .topic = "",
     .contribution =
         "**Luis Enrique Ortiz** moderó este diálogo, resaltando la importancia de las redes de ciudades como un instrumento para la cooperación intermunicipal y la internacionalización de los GAD Municipales, particularmente en el cumplimiento de los Objetivos de Desarrollo Sostenible (ODS)."},
};
static const struct proceedings_participant latacunga_d4[] = {
    {.name = "Andrés Mencías",
     .honorific = "",
     .role = "speaker",
     .position =
         "Oficial Senior del Programa de Voluntarios de la Agencia de Cooperación Internacional del Japón (JICA)",
     .organization = "Agencia de Cooperación Internacional del Japón",
     .topic = "",
     .contribution =
         "**Andrés Mencías** explicó como el programa de voluntariado de JICA ha sido clave para el desarrollo de capacidades en los GAD Municipales ecuatorianos. Los voluntarios japoneses han trabajado en proyectos de desarrollo rural, tecnología y gestión de residuos."},
    {.name = "César Argüello",
     .honorific = "",
     .role = "speaker",
     .position = "Oficial de Voluntarios de la Agencia de Cooperación Internacional de Corea (KOICA)",
     .organization = "Agencia de Cooperación Internacional de Corea",
     .topic = "",
     .contribution =
         "**César Argüello** presentó ejemplos de como KOICA ha promovido el voluntariado en Ecuador, destacando proyectos exitosos en áreas como la educación, la salud pública y la tecnología, apoyando a los municipios en la mejora de sus políticas públicas."},
    {.name = "Diego Rivadeneira",
     .honorific = "",
     .role = "speaker",
     .position = "Representante País de Catalyste+",
     .organization = "Catalyste+",
     .topic = "",
     .contribution =
         "Diego Rivadeneira habló sobre la importancia de involucrar a voluntarios en la implementación de proyectos de desarrollo económico y social. Expuso ejemplos de como los voluntarios contribuyen a la capacitación y transferencia de conocimientos en los territorios municipales."},
    {.name = "Stefany Páez",
     .honorific = "",
     .role = "speaker",
     .position = "Representante Nacional de France Volontaires Ecuador",
     .organization = "France Volontaires Ecuador",
     .topic = "",
     .contribution =
         "**Stefany Páez** destacó los beneficios del voluntariado internacional en áreas como la gestión cultural y la participación ciudadana. Subrayó que los voluntarios traen una perspectiva global que ayuda a los municipios a ser más inclusivos y a fortalecer sus políticas públicas."},
    {.name = "Anna Galdames",
     .honorific = "",
     .role = "speaker",
     .position = "Directora País de Peace Corps",
     .organization = "Peace Corps",
     .topic = "",
     .contribution =
         "**Anna Galdames** explicó como Peace Corps ha colaborado con los municipios ecuatorianos a través del voluntariado, especialmente en áreas de desarrollo rural y gestión ambiental, aportando recursos humanos valiosos a proyectos locales."},
    {.name = "Julio César Benítez",
     .honorific = "",
     .role = "moderator",
     .position = "Presidente Ejecutivo de la Fundación Voluntariados",
     .organization = "Fundación Voluntariados",
     .topic = "",
     .contribution =
         "**Julio César Benítez** moderó este diálogo, resaltando la importancia de los programas de voluntariado como una herramienta poderosa para el fortalecimiento de los GAD Municipales, haciendo énfasis en la **formación y desarrollo de capacidades locales**."},
};
static const struct proceedings_session latacunga_sessions[] = {
    {.number = 1,
     .title = "Buenas prácticas/proyectos exitosos de cooperación internacional en los GAD Municipales",
     .objective =
         "Presentar buenas prácticas, proyectos e iniciativas que han sido implementadas con éxito mediante la cooperación internacional en los Gobiernos Autónomos Descentralizados (GAD) Municipales.",
     .participants = latacunga_d1,
     .n_participants = sizeof latacunga_d1 / sizeof latacunga_d1[0]},
    {.number = 2,
     .title = "Movilización de recursos para GAD Municipales a través de diferentes modalidades asociativas",
     .objective =
         "Explorar como los GAD Municipales pueden movilizar recursos a través de modalidades asociativas como alianzas público-privadas, asociaciones intermunicipales y otras fuentes de financiación.",
     .participants = latacunga_d2,
     .n_participants = sizeof latacunga_d2 / sizeof latacunga_d2[0]},
    {.number = 3,
     .title = "Redes de ciudades como clave para el desarrollo local para la internacionalización",
     .objective =
         "Explorar como las redes de ciudades internacionales pueden ser herramientas clave para el desarrollo local y la internacionalización de los municipios.",
     .participants = latacunga_d3,
     .n_participants = sizeof latacunga_d3 / sizeof latacunga_d3[0]},
    {.number = 4,
     .title = "El proceso de voluntariado para el fortalecimiento y desarrollo de los GAD Municipales",
     .objective =
         "Examinar el impacto del voluntariado internacional en los proyectos de desarrollo local y el fortalecimiento de los GAD Municipales.",
     .participants = latacunga_d4,
     .n_participants = sizeof latacunga_d4 / sizeof latacunga_d4[0]},
};
static const struct proceedings_item
    latacunga_conclusions[] =
        {
            {1, "Refuerzo de la Cooperación Internacional Descentralizada",
             "En el marco de la III Asamblea General, se reafirmó la necesidad de seguir fortaleciendo la **cooperación internacional descentralizada** como una herramienta fundamental para el desarrollo de los GAD Municipales. Las autoridades locales y los actores internacionales coincidieron en que el modelo de cooperación que involucra directamente a las municipalidades permite la implementación de políticas más adaptadas a las realidades territoriales, logrando así resultados más sostenibles y efectivos."},
            {2, "La Internacionalización Local como Estrategia de Desarrollo",
             "La internacionalización local se posicionó como una estrategia clave para la mejora de los servicios públicos y la sostenibilidad de los territorios. A través de las **redes internacionales**, los GAD Municipales pueden acceder a nuevas fuentes de financiamiento, compartir buenas prácticas y colaborar en proyectos conjuntos que impulsen la economía local, la movilidad urbana sostenible, la resiliencia ante el cambio climático y la inclusión social."},
            {3, "El Rol de las Buenas Prácticas en el Fortalecimiento Institucional",
             "Los diálogos y las exposiciones de las buenas prácticas implementadas por diversos municipios ecuatorianos, como **Nabón, Lago Agrio, Pastaza y Portoviejo**, demostraron que la **cooperación internacional** es esencial para el éxito de proyectos estratégicos, tales como la mejora de la infraestructura urbana, la adaptación al cambio climático, la movilidad sostenible y la digitalización de las ciudades. Estas experiencias deben ser replicadas y adaptadas en otras regiones, basándose en los aprendizajes obtenidos."},
            {4,
             "Movilización de Recursos y Alianzas Público-Privadas", "Los diálogos sobre la **movilización de recursos** y las **alianzas público-privadas** fueron clave para entender como los GAD Municipales pueden aprovechar las **asociaciones estratégicas** con el sector privado, organizaciones internacionales y ONGs para financiar proyectos prioritarios. Este enfoque ha permitido diversificar las fuentes de financiamiento y desarrollar proyectos que contribuyan a la **prosperidad económica** y la **sostenibilidad ambiental** a nivel local."},
            {5, "El Voluntariado como Factor Clave para el Desarrollo Local",
             "El papel del **voluntariado internacional** fue subrayado como una pieza fundamental en la transferencia de conocimientos y la **capacitación** de los servidores públicos locales. Programas de voluntariado como los de **CATALYSTE+, JICA, KOICA y Peace Corps** han demostrado ser un puente de conocimiento y apoyo, particularmente en áreas de desarrollo rural, gestión ambiental y fortalecimiento institucional. Adicionalmente, FRANCE VOLONTAIRES destacó la importancia de fomentar ordenanzas de voluntariado en los GAD Municipales."},
            {6, "Propuesta de la Guía de Internacionalización para GAD Municipales",
             "Un aspecto importante fue el lanzamiento de la iniciativa para la creación de la Guía de Internacionalización, que servirá como herramienta estratégica para los GAD Municipales. Esta guía tiene el objetivo de orientar a los municipios en su proceso de internacionalización, brindando información sobre las mejores prácticas, fuentes de cooperación internacional, redes y proyectos de colaboración que puedan implementar en sus territorios."},
};
static const struct proceedings_item latacunga_recommendations[] = {
    {1, "Fortalecer las Capacidades de los GAD Municipales para la Internacionalización",
     "Es crucial que los **GAD Municipales** continúen desarrollando sus capacidades internas en **gestión internacional**. Esto incluye capacitar a los funcionarios encargados de relaciones internacionales y cooperación, así como crear **equipos técnicos especializados** que puedan identificar oportunidades de cooperación y movilización de recursos."},
    {2, "Fomentar Redes de Ciudades y Alianzas Regionales",
     "Se recomienda que los municipios de Ecuador se **incorporen activamente en redes de ciudades** internacionales y regionales, como **Mercociudades** e **ICLEI**, para acceder a una plataforma global de cooperación, compartir proyectos exitosos y participar en iniciativas conjuntas que beneficien el desarrollo local. Estas redes permiten el **intercambio de conocimientos**, la **colaboración en proyectos conjuntos** y la **movilización de fondos internacionales**."},
    {3, "Impulsar Proyectos de Internacionalización Local a Través de Alianzas Público-Privadas",
     "**Las alianzas público-privadas** deben ser fomentadas a través de la creación de marcos legales y mecanismos que faciliten la inversión privada en proyectos de infraestructura, sostenibilidad y tecnología. Los **GAD Municipales** deben explorar nuevas formas de colaboración con el sector privado, especialmente en sectores como la movilidad urbana, la gestión de residuos, la energía renovable y la innovación tecnológica."},
    {4, "Incentivar la Participación en Programas de Voluntariado Internacional",
     "Los GAD Municipales deberían **fortalecer su participación en programas de voluntariado internacional**, aprovechando las capacidades y conocimientos de los voluntarios para abordar áreas específicas como la **gestión pública**, el **desarrollo rural** y la **capacitación en nuevas tecnologías**. Esto permitirá que los municipios mejoren sus competencias técnicas y operativas, además de fortalecer sus capacidades de liderazgo."},
    {5, "Integrar la Cooperación Internacional en los Planes de Desarrollo Local", "Es fundamental que la **cooperación internacional** esté integrada dentro de los planes estratégicos de desarrollo de los GAD Municipales. **Los planes de internacionalización** deben ser diseñados de manera que alineen los **objetivos internacionales** con los objetivos locales, garantizando que las iniciativas externas complementen los esfuerzos internos para el desarrollo sostenible y la resiliencia territorial. Por tal motivo, la AME destacó la importancia de elaborar la Guía de Internacionalización de los GAD Municipales. Se indicó que dicho instrumento será elaborado para los municipios ecuatorianos como herramienta para profesionalizar e implementar la cooperación y relaciones internacionales a nivel municipal."},
    {6, "Promover la Inclusión Social a través de la Cooperación Internacional",
     "Se debe promover la **inclusión social** en los proyectos financiados por la cooperación internacional, asegurando que los grupos más vulnerables, como las comunidades indígenas, rurales y las personas con discapacidad, se beneficien de las iniciativas de desarrollo. Las políticas públicas deben ser inclusivas, garantizando que todos los ciudadanos tengan acceso a los recursos y servicios proporcionados por los proyectos internacionales."},
    {7, "Generar Mecanismos de Monitoreo y Evaluación de Proyectos Internacionales",
     "Se recomienda la creación de **mecanismos de seguimiento y evaluación** de los proyectos internacionales, con el fin de garantizar la transparencia y la efectividad de los fondos y recursos movilizados. La evaluación de impacto ayudará a ajustar las estrategias y asegurar que los proyectos contribuyan de manera significativa al desarrollo local y a la mejora de la calidad de vida de los ciudadanos."},
};
#define LATACUNGA_CLOSING_TITLE "La Internacionalización Continua y el Futuro de los GAD Municipales"
#define LATACUNGA_CLOSING_BODY \
  "**La III Asamblea General de Autoridades de Relaciones Internacionales de los GAD Municipales de Ecuador** ha sido un espacio enriquecedor para intercambiar experiencias, aprender de las mejores prácticas y establecer nuevas alianzas. Este evento ha reafirmado el rol clave de los gobiernos locales municipales en la **internacionalización** de los territorios y la **sostenibilidad** a largo plazo.\n\n**Pastaza 2025** se perfila como la próxima sede de la Asamblea, un espacio donde se continuará avanzando en la cooperación descentralizada y se profundizarán los esfuerzos por integrar los territorios ecuatorianos en la agenda global de desarrollo."
static const struct proceedings_credit latacunga_credits[] = {
    {"Patricio Maldonado", "Presidente de AME"},
    {"Esteban Orellana", "Director Ejecutivo de AME"},
    {"Luis Enrique Ortíz", "Director de Cooperación Internacional"},
    {"Evelyn Llerena", "Coordinadora de Cooperación"},
    {"César Isaac Pérez", "Técnico de Cooperación"},
    {"Paulo César Ulloa", "Diseño / Diagramación"},
};
#define LATACUNGA_TITLE \
  "III Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2024"
#define LATACUNGA_SHORT "Latacunga 2024"
#define LATACUNGA_CITY "Latacunga"
#define LATACUNGA_VENUE "Aeropuerto Internacional Cotopaxi"
#define LATACUNGA_UNIT "Dirección de Cooperación Internacional"
#define LATACUNGA_EMAIL "dirección.cooperación@ame.gob.ec"
#define LATACUNGA_DESCRIPTION \
  "La III Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador se realizó el 25 y 26 de noviembre de 2024 en el Aeropuerto Internacional Cotopaxi, en Latacunga. En cuatro diálogos, autoridades locales y actores internacionales intercambiaron experiencias sobre buenas prácticas y proyectos exitosos de cooperación internacional en los GAD Municipales, la movilización de recursos a través de diferentes modalidades asociativas, las redes de ciudades como clave para el desarrollo local y la internacionalización, y el proceso de voluntariado para el fortalecimiento y desarrollo de los GAD Municipales. La Asamblea reafirmó el rol clave de los gobiernos locales municipales en la internacionalización de los territorios y la sostenibilidad a largo plazo, y lanzó la iniciativa para la creación de la Guía de Internacionalización para GAD Municipales."

#define LATACUNGA_DIALOGUES 4
#define LATACUNGA_MAX_PEOPLE 8

/* A complete, mutable copy of the data. */
struct latacunga {
  struct proceedings p;
  struct proceedings_session sessions[LATACUNGA_DIALOGUES];
  struct proceedings_participant people[LATACUNGA_DIALOGUES][LATACUNGA_MAX_PEOPLE];
};

/* Fills L; photo (JPEG or PNG bytes, may be NULL) is given to the first speaker of every dialogue
 * and to the moderator of the second. published: 2024-12-02T15:00:00Z. */
static inline void latacunga_build(struct latacunga *L, const unsigned char *photo, size_t photo_len,
                                   const char *photo_type) {
  memset(L, 0, sizeof *L);
  for (size_t i = 0; i < LATACUNGA_DIALOGUES; i++) {
    L->sessions[i] = latacunga_sessions[i];
    for (size_t k = 0; k < latacunga_sessions[i].n_participants && k < LATACUNGA_MAX_PEOPLE; k++)
      L->people[i][k] = latacunga_sessions[i].participants[k];
    L->sessions[i].participants = L->people[i];
    if (photo) {
      L->people[i][0].photo = photo;
      L->people[i][0].photo_len = photo_len;
      L->people[i][0].photo_type = photo_type;
    }
  }
  if (photo) {
    struct proceedings_participant *mod = &L->people[1][latacunga_sessions[1].n_participants - 1];
    mod->photo = photo;
    mod->photo_len = photo_len;
    mod->photo_type = photo_type;
  }
  struct proceedings *p = &L->p;
  p->edition_title = LATACUNGA_TITLE;
  p->short_title = LATACUNGA_SHORT;
  p->city = LATACUNGA_CITY;
  p->venue = LATACUNGA_VENUE;
  p->dates_text = "25 y 26 de noviembre de 2024";
  p->sessions = L->sessions;
  p->n_sessions = LATACUNGA_DIALOGUES;
  p->conclusions = latacunga_conclusions;
  p->n_conclusions = sizeof latacunga_conclusions / sizeof latacunga_conclusions[0];
  p->recommendations = latacunga_recommendations;
  p->n_recommendations = sizeof latacunga_recommendations / sizeof latacunga_recommendations[0];
  p->closing.title = LATACUNGA_CLOSING_TITLE;
  p->closing.body = LATACUNGA_CLOSING_BODY;
  p->credits_heading = LATACUNGA_UNIT;
  p->credits = latacunga_credits;
  p->n_credits = sizeof latacunga_credits / sizeof latacunga_credits[0];
  p->contact_email = LATACUNGA_EMAIL;
  p->published = 1733151600; /* 2024-12-02T15:00:00Z */
}
#endif
