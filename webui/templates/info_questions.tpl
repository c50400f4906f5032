{{%AUTOESCAPE context="HTML"}}<h1>Questions fréquentes</h1>
<p class="lead">Les réponses aux questions que les patients posent le plus souvent sur l'entrepôt CONTACT et le droit d'opposition.</p>

<section aria-labelledby="q-soins">
<h2 id="q-soins">Est-ce que m'opposer change quelque chose à mes soins ?</h2>
<p>Non. Les médecins SOS MÉDECINS continuent de vous soigner exactement comme avant. L'opposition concerne seulement la réutilisation de vos données pour la recherche et l'amélioration des soins, pas votre dossier médical.</p>
</section>

<section aria-labelledby="q-portee">
<h2 id="q-portee">M'opposer à un seul projet ou à tout l'entrepôt : quelle différence ?</h2>
<ul>
  <li><strong>Un seul projet</strong> : vos données ne sont pas utilisées pour ce projet. Elles restent dans l'entrepôt pour ses autres usages. Les projets sont présentés sur le <a href="/projets">portail de transparence</a>, avec un lien « m'opposer à ce projet ».</li>
  <li><strong>Tout l'entrepôt</strong> : vos données ne sont plus intégrées à l'entrepôt, et celles qui s'y trouvent déjà sont supprimées. Aucun projet ne peut donc les utiliser.</li>
</ul>
</section>

<section aria-labelledby="q-enfant">
<h2 id="q-enfant">Comment m'opposer pour mon enfant ?</h2>
<p>Dans le <a href="/opposition">formulaire d'opposition</a>, choisissez « Un parent, pour son enfant mineur », puis indiquez l'identité <strong>de l'enfant</strong> : son nom, ses prénoms, sa date de naissance. Si vous donnez un numéro de sécurité sociale, donnez celui de l'enfant et non le vôtre : le vôtre ferait exclure vos propres données à la place des siennes.</p>
<p>{{MINORS_NOTICE_TEXT}}</p>
</section>

<section aria-labelledby="q-code">
<h2 id="q-code">J'ai perdu mon code secret. Que faire ?</h2>
<p>Nous ne pouvons pas vous renvoyer le code : il n'est conservé nulle part en clair. Votre opposition reste valable. Écrivez au délégué à la protection des données ({{DPO_POSTAL_ADDRESS}}, ou {{DPO_EMAIL}}) en indiquant votre identité comme dans le formulaire : il retrouve votre opposition à partir de ces informations et vous répond. Pour la retirer sans le code, il vous demandera de justifier de votre identité.</p>
</section>

<section aria-labelledby="q-retrait">
<h2 id="q-retrait">Puis-je changer d'avis ?</h2>
<p>Oui, à tout moment. Avec la référence et le code secret de votre récépissé, vous pouvez <a href="/opposition/retrait">retirer votre opposition</a>. Vos données pourront de nouveau être intégrées à partir des envois suivants ; celles qui ont été supprimées pendant votre opposition ne sont pas restaurées. Vous pouvez vous opposer de nouveau ensuite.</p>
</section>

<section aria-labelledby="q-delai">
<h2 id="q-delai">Quand mon opposition s'applique-t-elle ?</h2>
<p>Dès son enregistrement : elle est ajoutée dans les secondes qui suivent à la liste que l'entrepôt consulte avant d'enregistrer toute donnée. Sur la page <a href="/opposition/statut">Suivre votre opposition</a>, vous voyez quand l'entrepôt a confirmé l'appliquer.</p>
</section>

<section aria-labelledby="q-nom">
<h2 id="q-nom">Pourquoi me demander mon identité si les données sont pseudonymisées ?</h2>
<p>Pour reconnaître vos données parmi celles des associations SOS MÉDECINS. Votre identité est transformée en codes que l'entrepôt compare aux siens : l'entrepôt ne reçoit jamais votre nom. Les informations que vous saisissez sont conservées chiffrées et seule l'équipe du délégué à la protection des données peut les consulter.</p>
</section>
