/* The labels of the plugin's entities in Polish, Ukrainian and Russian, for the staff UI
 * (keys as in crm_translation_t: "label", "fields.<field>", "values.<field>.<value>"). */
#include "retail-private.h"

/* One definition's tables in the three languages, as the list `.translations` points at. */
#define LANGUAGES(t) {{"pl", t##_pl}, {"uk", t##_uk}, {"ru", t##_ru}, {NULL, NULL}}

static const crm_translation_t opportunity_pl[] = {
    {"label", "Szansa sprzedaży"}, {"label_plural", "Szanse sprzedaży"}, {NULL, NULL}};
static const crm_translation_t opportunity_uk[] = {
    {"label", "Можливість продажу"}, {"label_plural", "Можливості продажу"}, {NULL, NULL}};
static const crm_translation_t opportunity_ru[] = {
    {"label", "Возможность продажи"}, {"label_plural", "Возможности продажи"}, {NULL, NULL}};
const crm_translations_t retail_opportunity_translations[] = LANGUAGES(opportunity);

static const crm_translation_t referral_pl[] = {
    {"label", "Polecenie"}, {"label_plural", "Polecenia"}, {NULL, NULL}};
static const crm_translation_t referral_uk[] = {
    {"label", "Рекомендація"}, {"label_plural", "Рекомендації"}, {NULL, NULL}};
static const crm_translation_t referral_ru[] = {
    {"label", "Рекомендация"}, {"label_plural", "Рекомендации"}, {NULL, NULL}};
const crm_translations_t retail_referral_translations[] = LANGUAGES(referral);

static const crm_translation_t sales_target_pl[] = {
    {"label", "Cel sprzedażowy"}, {"label_plural", "Cele sprzedażowe"}, {NULL, NULL}};
static const crm_translation_t sales_target_uk[] = {
    {"label", "План продажів"}, {"label_plural", "Плани продажів"}, {NULL, NULL}};
static const crm_translation_t sales_target_ru[] = {
    {"label", "План продаж"}, {"label_plural", "Планы продаж"}, {NULL, NULL}};
const crm_translations_t retail_sales_target_translations[] = LANGUAGES(sales_target);
