{{%AUTOESCAPE context="HTML"}}<p><a href="/projets/{{REFERENCE}}">← {{TITLE}}</a></p>
<h1>Historique de la fiche : {{REFERENCE}}</h1>
<p>Chaque modification publiée de la fiche de ce projet est conservée et inscrite au journal d'audit public de CONTACT, qui ne peut être modifié sans que cela se voie. Un résultat corrigé ou retiré n'est jamais effacé : la ligne de la correction ou du retrait en donne la date et le texte d'avant. Pour chaque modification, vous pouvez télécharger la preuve que son inscription figure au journal et <a href="/preuve">la vérifier vous-même</a>.</p>
{{#NONE}}<p id="aucune-version">Aucune modification de la fiche n'a encore été publiée.</p>{{/NONE}}
{{#HAS_VERSIONS}}<table id="table-historique">
<caption>Modifications publiées de la fiche, la plus récente d'abord</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Publiée le</th><th scope="col">Rubriques modifiées</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>
{{#VERSION}}<tr data-version="{{NUMBER}}"><td>{{NUMBER}}</td><td>{{DATE}}</td><td>{{CHANGED}}{{#RESULT_CHANGES}}<ul class="gov-result-changes">{{#RESULT_CHANGE}}<li>{{TEXT}}</li>{{/RESULT_CHANGE}}</ul>{{/RESULT_CHANGES}}</td><td>entrée n°&nbsp;{{INDEX}} — <a href="/projets/{{REFERENCE}}/historique/{{INDEX}}/preuve">preuve d'inscription</a></td></tr>
{{/VERSION}}</tbody>
</table>{{/HAS_VERSIONS}}
