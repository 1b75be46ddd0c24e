// Brazilian states and cities: the facts the generators draw places from.
#include "gen_brazil_data.h"

#include <algorithm>
#include <array>
#include <vector>

namespace mssql_sim::gen {
namespace {

constexpr std::array<State, kStateCount> kStates = {{
    {"AC", "Acre", 830},
    {"AL", "Alagoas", 3128},
    {"AM", "Amazonas", 3942},
    {"AP", "Amapá", 734},
    {"BA", "Bahia", 14141},
    {"CE", "Ceará", 8794},
    {"DF", "Distrito Federal", 2817},
    {"ES", "Espírito Santo", 3834},
    {"GO", "Goiás", 7056},
    {"MA", "Maranhão", 6775},
    {"MG", "Minas Gerais", 20539},
    {"MS", "Mato Grosso do Sul", 2757},
    {"MT", "Mato Grosso", 3658},
    {"PA", "Pará", 8121},
    {"PB", "Paraíba", 3974},
    {"PE", "Pernambuco", 9058},
    {"PI", "Piauí", 3271},
    {"PR", "Paraná", 11444},
    {"RJ", "Rio de Janeiro", 16055},
    {"RN", "Rio Grande do Norte", 3302},
    {"RO", "Rondônia", 1582},
    {"RR", "Roraima", 636},
    {"RS", "Rio Grande do Sul", 10883},
    {"SC", "Santa Catarina", 7610},
    {"SE", "Sergipe", 2210},
    {"SP", "São Paulo", 44411},
    {"TO", "Tocantins", 1511},
}};

constexpr std::array<City, 91> kCities = {{
    {"Rio Branco", "AC", 364},
    {"Cruzeiro do Sul", "AC", 91},
    {"Maceió", "AL", 957},
    {"Arapiraca", "AL", 234},
    {"Manaus", "AM", 2063},
    {"Parintins", "AM", 96},
    {"Macapá", "AP", 442},
    {"Santana", "AP", 107},
    {"Salvador", "BA", 2418},
    {"Feira de Santana", "BA", 616},
    {"Vitória da Conquista", "BA", 370},
    {"Ilhéus", "BA", 178},
    {"Juazeiro", "BA", 237},
    {"Fortaleza", "CE", 2428},
    {"Caucaia", "CE", 355},
    {"Juazeiro do Norte", "CE", 286},
    {"Sobral", "CE", 203},
    {"Brasília", "DF", 2817},
    {"Vitória", "ES", 322},
    {"Vila Velha", "ES", 467},
    {"Serra", "ES", 520},
    {"Cariacica", "ES", 353},
    {"Goiânia", "GO", 1437},
    {"Aparecida de Goiânia", "GO", 527},
    {"Anápolis", "GO", 398},
    {"São Luís", "MA", 1037},
    {"Imperatriz", "MA", 273},
    {"Belo Horizonte", "MG", 2315},
    {"Uberlândia", "MG", 713},
    {"Contagem", "MG", 621},
    {"Juiz de Fora", "MG", 540},
    {"Montes Claros", "MG", 414},
    {"Ipatinga", "MG", 227},
    {"Campo Grande", "MS", 898},
    {"Dourados", "MS", 243},
    {"Três Lagoas", "MS", 132},
    {"Cuiabá", "MT", 650},
    {"Várzea Grande", "MT", 300},
    {"Rondonópolis", "MT", 244},
    {"Belém", "PA", 1303},
    {"Ananindeua", "PA", 478},
    {"Santarém", "PA", 331},
    {"Marabá", "PA", 266},
    {"João Pessoa", "PB", 833},
    {"Campina Grande", "PB", 419},
    {"Recife", "PE", 1488},
    {"Jaboatão dos Guararapes", "PE", 643},
    {"Olinda", "PE", 349},
    {"Caruaru", "PE", 378},
    {"Petrolina", "PE", 386},
    {"Teresina", "PI", 866},
    {"Parnaíba", "PI", 162},
    {"Curitiba", "PR", 1773},
    {"Londrina", "PR", 555},
    {"Maringá", "PR", 409},
    {"Ponta Grossa", "PR", 358},
    {"Cascavel", "PR", 348},
    {"Foz do Iguaçu", "PR", 285},
    {"Rio de Janeiro", "RJ", 6211},
    {"São Gonçalo", "RJ", 896},
    {"Duque de Caxias", "RJ", 808},
    {"Nova Iguaçu", "RJ", 785},
    {"Niterói", "RJ", 481},
    {"Petrópolis", "RJ", 278},
    {"Natal", "RN", 751},
    {"Mossoró", "RN", 264},
    {"Porto Velho", "RO", 460},
    {"Ji-Paraná", "RO", 124},
    {"Boa Vista", "RR", 413},
    {"Rorainópolis", "RR", 31},
    {"Porto Alegre", "RS", 1332},
    {"Caxias do Sul", "RS", 463},
    {"Pelotas", "RS", 325},
    {"Canoas", "RS", 347},
    {"Santa Maria", "RS", 271},
    {"Florianópolis", "SC", 537},
    {"Joinville", "SC", 616},
    {"Blumenau", "SC", 361},
    {"Chapecó", "SC", 254},
    {"Aracaju", "SE", 602},
    {"Nossa Senhora do Socorro", "SE", 193},
    {"São Paulo", "SP", 11451},
    {"Guarulhos", "SP", 1291},
    {"Campinas", "SP", 1139},
    {"São Bernardo do Campo", "SP", 810},
    {"Santo André", "SP", 748},
    {"Osasco", "SP", 728},
    {"Ribeirão Preto", "SP", 698},
    {"Sorocaba", "SP", 723},
    {"São José dos Campos", "SP", 697},
    {"Palmas", "TO", 302},
}};

// Running totals of the cities' weights, so a uniform draw maps to a city by binary search.
const std::vector<std::uint64_t>& cumulative_population() {
  static const std::vector<std::uint64_t> totals = [] {
    std::vector<std::uint64_t> running;
    std::uint64_t sum = 0;
    for (const City& city : kCities) {
      sum += city.population_thousands;
      running.push_back(sum);
    }
    return running;
  }();
  return totals;
}

}  // namespace

std::span<const State> states() {
  return kStates;
}

std::span<const City> cities() {
  return kCities;
}

const City& city_by_population(std::uint64_t draw) {
  const auto& totals = cumulative_population();
  const std::uint64_t point =
      static_cast<std::uint64_t>((static_cast<unsigned __int128>(draw) * totals.back()) >> 64);
  const auto it = std::upper_bound(totals.begin(), totals.end(), point);
  return kCities[static_cast<std::size_t>(it - totals.begin())];
}

}  // namespace mssql_sim::gen
