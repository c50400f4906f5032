{{%AUTOESCAPE context="HTML"}}<h1>CONTACT, l'entrepôt de données de santé de SOS MÉDECINS FRANCE</h1>

<section aria-labelledby="quoi">
<h2 id="quoi">Qu'est-ce que CONTACT ?</h2>
<p>Piloté par SOS MÉDECINS FRANCE, CONTACT rassemble les données de l'épisode de soin aigu dans son intégralité, de l'appel du patient jusqu'à la résolution et au transfert vers le médecin traitant. C'est le premier entrepôt de données de santé consacré aux soins non programmés et à l'accès aux soins.</p>
<p>Les données proviennent des actes réalisés par les 1 300 médecins des 63 associations SOS MÉDECINS : visites à domicile, permanence des soins, missions de service public. Chaque année, cela représente environ 2,6 millions de visites à domicile, 6 millions d'appels et 1,1 million de consultations dans les points fixes. Elles sont <strong>pseudonymisées</strong> : votre nom n'est pas conservé avec vos données de soin.</p>
<p>CONTACT sert à améliorer les pratiques et la prise en charge des patients, à mieux comprendre les parcours de soin et l'accès aux soins, et à mener des projets de recherche, en particulier en soins primaires.</p>
</section>

<section aria-labelledby="gouvernance">
<h2 id="gouvernance">Qui décide de l'utilisation des données ?</h2>
<p>Aucun projet ne peut utiliser les données sans une décision favorable des instances de gouvernance : un Comité Stratégique et un Comité Scientifique et Éthique, dans lequel des représentants des patients siègent. Les projets autorisés sont publiés sur le <a href="/projets">portail de transparence</a>.</p>
<p>Chaque accès aux données est inscrit dans un registre que personne ne peut modifier ni effacer sans que cela se voie : le délégué à la protection des données et des auditeurs indépendants le contrôlent.</p>
</section>

<section aria-labelledby="droits">
<h2 id="droits">Vos droits</h2>
<ul>
  <li><strong>Droit d'opposition</strong> : vous pouvez refuser que vos données soient intégrées à CONTACT ou utilisées pour un projet précis. Vous n'avez pas à vous justifier. Un parent ou un tuteur légal peut exercer ce droit pour la personne qu'il représente.</li>
  <li><strong>Droit d'accès</strong> : vous pouvez savoir si des données vous concernant figurent dans l'entrepôt et en obtenir une copie.</li>
  <li><strong>Droit de rectification et d'effacement</strong> : vous pouvez demander la correction de données inexactes ou, dans les cas prévus par le RGPD, leur effacement.</li>
  <li><strong>Droit à la limitation</strong> : vous pouvez demander qu'un traitement soit suspendu le temps d'examiner une contestation.</li>
</ul>
<p>Une réponse vous est apportée dans un délai d'un mois. Si vous estimez que vos droits ne sont pas respectés, vous pouvez <a href="https://www.cnil.fr/fr/adresser-une-plainte">adresser une réclamation à la CNIL</a>. Pour en savoir plus sur l'utilisation de vos données (responsable, finalités, durée de conservation, destinataires), lisez la page <a href="/donnees-personnelles">Données personnelles</a> et les <a href="/information">notices d'information</a> (adultes, mineurs, professionnels de santé).</p>
</section>

<section aria-labelledby="opposer" class="callout">
<h2 id="opposer">Comment vous opposer ?</h2>
<p>Vous pouvez vous opposer de trois façons :</p>
<ul>
  <li>en ligne, avec le <a href="/opposition">formulaire d'opposition</a> : sans compte, il fonctionne aussi sans JavaScript ;</li>
  <li>par courrier adressé au délégué à la protection des données : <span id="home-dpo-address">{{DPO_POSTAL_ADDRESS}}</span> ;</li>
  <li>par courriel à {{DPO_EMAIL}} ;</li>
  <li>par téléphone au {{DPO_PHONE}}.</li>
</ul>
<p>Vous recevez un récépissé avec une référence et un code secret : ils vous permettent de <a href="/opposition/statut">suivre votre demande</a> et, si vous le souhaitez, de <a href="/opposition/retrait">retirer votre opposition</a>. Dès son enregistrement, votre opposition est transmise à l'entrepôt. Si elle porte sur toute l'utilisation de vos données, elles ne sont plus intégrées et celles déjà présentes sont supprimées ; si elle porte sur un seul projet, vos données ne sont plus utilisées pour ce projet. Les <a href="/questions">questions fréquentes</a> répondent aux cas particuliers (enfant, code perdu, retrait).</p>
<p id="home-professionals">Vous êtes médecin et votre numéro RPPS figure dans les dossiers de consultation ? Vos droits et votre opposition : <a href="/opposition/professionnel">page des professionnels de santé</a>.</p>
</section>
